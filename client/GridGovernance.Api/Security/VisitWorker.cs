using GridGovernance.Contracts.Common;
using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Api.Security;

/// <summary>
/// Who made a visit, one rule for property and person visits: a grid worker whose token subject is a worker id (a
/// UUID) visits as themselves, so a different worker in the body is refused (400) and leaving it out is fine; anyone
/// else (a worker whose subject is not an id, an administrator entering a visit) names the worker. The journal's
/// actor is the caller either way.
/// </summary>
public static class VisitWorker
{
    /// <summary>The worker the visit is recorded under, or the 400 naming <paramref name="field"/>.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="requested">The worker the body names, if any.</param>
    /// <param name="field">The body's field, as on the wire (e.g. <c>workerId</c>, <c>visit.workerId</c>, <c>worker</c>).</param>
    public static (WorkerId Worker, ProblemHttpResult? Invalid) Resolve(GridCaller caller, Guid? requested, string field)
    {
        if (caller.Role == GridRoles.GridWorker && Guid.TryParse(caller.Subject, out var self) && self != Guid.Empty)
        {
            return requested is { } other && other != self
                ? (default, Problems.Problems.Invalid(field, $"A grid worker records their own visits: leave {field} out or send your own id."))
                : (new WorkerId(self), null);
        }

        return requested is { } named && named != Guid.Empty
            ? (new WorkerId(named), null)
            : (default, Problems.Problems.Invalid(field, $"{field} is required: the grid worker who made the visit."));
    }
}
