using GridGovernance.Api.Security;
using GridGovernance.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Api.Problems;

/// <summary>
/// The one way handlers answer with an error: RFC 9457 problem details with a stable <c>type</c>, a sentence,
/// and the field at fault (as <c>field</c>, and as <c>errors</c> the way validation problems carry it).
/// </summary>
public static class Problems
{
    /// <summary>A domain outcome that is not Ok, as a problem: Invalid 400, Forbidden 403, NotFound 404, Conflict 409.</summary>
    public static ProblemHttpResult From(Outcome outcome)
    {
        var status = outcome.Kind switch
        {
            OutcomeKind.Invalid => StatusCodes.Status400BadRequest,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeKind.NotFound => StatusCodes.Status404NotFound,
            OutcomeKind.Conflict => StatusCodes.Status409Conflict,
            _ => throw new ArgumentException("An Ok outcome is not a problem.", nameof(outcome)),
        };
        return Problem(status, outcome.Problem ?? Slug(outcome.Kind), outcome.Detail ?? outcome.Kind.ToString(), outcome.Field);
    }

    /// <summary>A 400 naming the field at fault.</summary>
    public static ProblemHttpResult Invalid(string field, string detail, string slug = ProblemTypes.InvalidRequest) =>
        Problem(StatusCodes.Status400BadRequest, slug, detail, field);

    /// <summary>A 404.</summary>
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, detail, null);

    /// <summary>A refused scope check: 403 with <c>forbidden-role</c> or <c>out-of-scope</c>.</summary>
    public static ProblemHttpResult Denied(Access access) =>
        Problem(StatusCodes.Status403Forbidden, access.Problem ?? ProblemTypes.OutOfScope,
            access.Problem == ProblemTypes.ForbiddenRole ? "Your role may not do this." : "This is outside your scope; a break-glass grant with a reason can open it for a while.", null);

    /// <summary>Any problem.</summary>
    public static ProblemHttpResult Problem(int status, string slug, string detail, string? field)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null)
        {
            extensions["field"] = field;
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: Title(status), type: ProblemTypes.Uri(slug), extensions: extensions);
    }

    private static string Slug(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Invalid => ProblemTypes.InvalidRequest,
        OutcomeKind.NotFound => ProblemTypes.NotFound,
        OutcomeKind.Forbidden => ProblemTypes.ForbiddenRole,
        _ => "conflict",
    };

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid.",
        StatusCodes.Status403Forbidden => "Not allowed.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status409Conflict => "The request contradicts what is recorded.",
        _ => "The request failed.",
    };
}
