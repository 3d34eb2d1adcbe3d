using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GridGovernance.Api.Problems;

/// <summary>
/// Makes every error an RFC 9457 problem with a stable <c>/problems/&lt;slug&gt;</c> type: framework answers
/// (401, 404 route, 405, 413, 415, 429, validation) get our slugs, bad JSON and unbindable parameters name the
/// field at fault, an unreachable cluster or database is a retryable 503, and anything else a 500 that shows
/// neither stack trace nor type names.
/// </summary>
public static partial class ProblemHandling
{
    /// <summary>Registers the problem details customisation and the exception handler.</summary>
    public static IServiceCollection AddGridProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Customize);
        services.AddExceptionHandler<GridExceptionHandler>();
        // Binding failures throw (instead of a bare 400) so the handler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type is null || !problem.Type.StartsWith("/problems/", StringComparison.Ordinal))
        {
            problem.Type = ProblemTypes.Uri(SlugFor(status));
        }

        // The framework's validation names members as in C# ("Location.Longitude"); name them as on the wire
        // ("location.longitude"), and name the first field the way our own problems do.
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var errors = validation.Errors.ToDictionary(e => WireName(e.Key), e => e.Value, StringComparer.Ordinal);
            validation.Errors.Clear();
            foreach (var (key, messages) in errors)
            {
                validation.Errors[key] = messages;
            }

            problem.Type = ProblemTypes.Uri(ProblemTypes.InvalidRequest);
            problem.Extensions.TryAdd("field", errors.Keys.First());
        }

        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
    }

    /// <summary>"Location.Longitude" or "Items[0].Type" → "location.longitude", "items[0].type" (web JSON naming).</summary>
    public static string WireName(string member) =>
        string.Join('.', member.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));

    /// <summary>The slug of a status the framework produced by itself.</summary>
    public static string SlugFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.InvalidRequest,
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemTypes.ForbiddenRole,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.Unavailable,
        _ => status >= 500 ? "internal-error" : ProblemTypes.InvalidRequest,
    };

    /// <summary>"$.location.longitude" or "$.items[3].type" → "location.longitude", "items[3].type".</summary>
    public static string? FieldOf(JsonException exception) =>
        exception.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') is { Length: > 0 } field ? field : null : null;

    [GeneratedRegex("""^Failed to bind parameter "[^"]*? (?<name>[A-Za-z0-9_]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""(?:parameter|header|query string parameter|route parameter) "(?<name>[A-Za-z0-9_\-]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex MissingParameter();

    /// <summary>The parameter a framework binding message names, if any.</summary>
    public static string? FieldOf(BadHttpRequestException exception)
    {
        var message = exception.Message + " ";
        var match = BindFailure().Match(message);
        if (!match.Success)
        {
            match = MissingParameter().Match(message);
        }

        return match.Success ? match.Groups["name"].Value : null;
    }

    /// <summary>
    /// Whether a retry can get past the failure: the cluster or PostgreSQL briefly out of reach (a silo gone, a
    /// timeout, a refused or dropped connection, the database shutting down or not accepting connections yet). A
    /// grain's storage failure reaches the gateway wrapped — Orleans wraps it in an <c>OrleansException</c>, and an
    /// Npgsql exception arrives as an <see cref="Orleans.Serialization.UnavailableExceptionFallbackException"/> naming
    /// its type — so the whole chain of inner exceptions is looked at. A database error that retrying cannot fix (a
    /// violated constraint, bad SQL) is not transient.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var transient = e switch
            {
                TimeoutException or Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException
                    or System.Net.Sockets.SocketException => true,
                // Deserialised from a silo, its SQLSTATE is only in its data.
                Npgsql.PostgresException postgres => postgres.IsTransient || IsTransientSqlState(postgres.SqlState ?? postgres.Data["SqlState"] as string),
                Npgsql.NpgsqlException => true,
                Orleans.Serialization.UnavailableExceptionFallbackException fallback => IsTransientFallback(fallback),
                _ => false,
            };
            if (transient)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Connection exceptions (08), insufficient resources (53), operator intervention (57P: shutdown, not accepting connections yet).</summary>
    private static bool IsTransientSqlState(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal));

    /// <summary>
    /// An exception of a type the gateway could not deserialise, known by its type name and message: an Npgsql
    /// exception other than a server error is a connection failure; a server error (<c>PostgresException</c>, whose
    /// message starts with its SQLSTATE) is transient by its state.
    /// </summary>
    private static bool IsTransientFallback(Orleans.Serialization.UnavailableExceptionFallbackException fallback)
    {
        var type = fallback.ExceptionType ?? "";
        if (type.Contains("Npgsql.PostgresException", StringComparison.Ordinal))
        {
            return IsTransientSqlState(fallback.Message.Split(':', 2)[0].Trim());
        }

        return type.Contains("Npgsql.", StringComparison.Ordinal) || type.Contains("System.Net.Sockets.SocketException", StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed with {Status}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path, int status);

    /// <summary>Turns exceptions into problems; never exposes exception messages of unexpected failures.</summary>
    private sealed class GridExceptionHandler(IProblemDetailsService problems, ILogger<GridExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var (status, slug, detail, field) = Classify(exception);
            if (status >= 500)
            {
                LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path, status);
            }

            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                httpContext.Response.Headers.RetryAfter = "5";
            }

            httpContext.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Type = ProblemTypes.Uri(slug), Title = Title(status), Detail = detail };
            if (field is not null)
            {
                problem.Extensions["field"] = field;
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }

        private static (int Status, string Slug, string Detail, string? Field) Classify(Exception exception) => exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad =>
                (bad.StatusCode, ProblemTypes.InvalidRequest, "The body is not valid JSON for this request" + (FieldOf(json) is { } at ? $" (at {at})." : "."), FieldOf(json)),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The body is larger than this endpoint accepts.", null),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
                (StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Send the body as application/json.", null),
            BadHttpRequestException bad =>
                (bad.StatusCode, SlugFor(bad.StatusCode), FieldOf(bad) is { } name ? $"The value of '{name}' is missing or not of the expected type." : "The request is malformed.", FieldOf(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, ProblemTypes.InvalidRequest, "The body is not valid JSON for this request.", FieldOf(json)),
            ArgumentException argument => (StatusCodes.Status400BadRequest, ProblemTypes.InvalidRequest, "A value in the request is not valid.", argument.ParamName),
            OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The request was cancelled or timed out; it is safe to retry.", null),
            Npgsql.NpgsqlException => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The service is briefly unavailable; it is safe to retry.", null),
            _ when IsTransient(exception) => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The service is briefly unavailable; it is safe to retry.", null),
            _ => (StatusCodes.Status500InternalServerError, "internal-error", "The request failed on the server; it was logged with its trace id.", null),
        };

        private static string Title(int status) => status switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status503ServiceUnavailable => "Service unavailable.",
            >= 500 => "Server error.",
            _ => "The request is not valid.",
        };
    }
}
