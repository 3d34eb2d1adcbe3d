using GridGovernance.Api.Problems;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Security;

/// <summary>
/// The one rule for a caseload reach, used by <see cref="People.PersonGate"/>, alerts and the event stream: the
/// person's own record must also name the caller as officer.
/// The person is the source of truth, so a caseload index that lags a reassignment never lets the former officer in.
/// </summary>
public static class CaseloadRule
{
    /// <summary>Whether <paramref name="person"/>'s record names <paramref name="caller"/> as their officer.</summary>
    public static bool NamesOfficer(GridCaller caller, PersonSummary person) => person.Officer == caller.Subject;

    /// <summary>
    /// <paramref name="access"/> (the scope guard's answer for <paramref name="capability"/> on the person), turned into
    /// <c>out-of-scope</c> when it rests on the caller's caseload but the person's record names another officer.
    /// Break-glass access is left as it is.
    /// </summary>
    public static Access Apply(GridCaller caller, Capability capability, Access access, PersonSummary person) =>
        access is { Allowed: true, BreakGlass: false } && AccessPolicy.Reach(caller.Role, capability) == ScopeKind.Caseload && !NamesOfficer(caller, person)
            ? new Access(false, null, ProblemTypes.OutOfScope)
            : access;
}
