using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Deadlines;

namespace GridGovernance.Grains.Rentals;

/// <summary>The tenancy lifecycle (RH-01/RH-02): move-in, report, verification by a visit, move-out, departure report. Pure.</summary>
internal static class Tenancies
{
    /// <summary>The arrival report's deadline id.</summary>
    public static string ArrivalReportId(Guid tenancyId) => $"tenant-report:{tenancyId:N}";

    /// <summary>The departure report's deadline id, distinct from the arrival's.</summary>
    public static string DepartureReportId(Guid tenancyId) => $"tenant-departure-report:{tenancyId:N}";

    /// <summary>What report deadlines of a tenancy have as their subject.</summary>
    public static string Subject(Guid tenancyId) => tenancyId.ToString("N");

    /// <summary>RH-02: the landlord reports within N working days (调休 included) of a move-in or move-out.</summary>
    public static Deadline ReportDeadline(string id, Guid tenancyId, DateTimeOffset from, int workingDays) => new()
    {
        Id = id,
        Kind = DeadlineKind.TenantReport,
        DueAt = WorkingDayCalendar.China.EndOfWorkingDaysAfter(from, workingDays),
        Rule = "RH-02",
        Subject = Subject(tenancyId),
    };

    /// <summary>A report of the arrival or departure is still owed.</summary>
    public static bool PendingReport(this Tenancy tenancy) =>
        tenancy.ReportedAt is null || (tenancy.MovedOutAt is not null && tenancy.DepartureReportedAt is null);

    /// <summary>Reported and living there, but no visit has seen it yet.</summary>
    public static bool PendingVerification(this Tenancy tenancy) => tenancy.Active && tenancy.ReportedAt is not null && tenancy.VerifiedAt is null;

    /// <summary>
    /// Records the report named: the arrival, or the departure (which also covers an arrival never reported).
    /// Returns false when it was already recorded, so a retried report changes nothing.
    /// </summary>
    public static bool RecordReport(this Tenancy tenancy, TenantReportKind kind, DateTimeOffset at)
    {
        if (kind == TenantReportKind.Arrival)
        {
            if (tenancy.ReportedAt is not null)
            {
                return false;
            }

            tenancy.ReportedAt = at;
            return true;
        }

        if (tenancy.DepartureReportedAt is not null)
        {
            return false;
        }

        tenancy.ReportedAt ??= at;
        tenancy.DepartureReportedAt = at;
        return true;
    }

    /// <summary>A visit verifies the reported, unverified, active tenancies; returns their ids.</summary>
    public static List<Guid> Verify(this List<Tenancy> tenancies, DateTimeOffset at)
    {
        var verified = new List<Guid>();
        foreach (var tenancy in tenancies.Where(PendingVerification))
        {
            tenancy.VerifiedAt = at;
            verified.Add(tenancy.Id);
        }

        return verified;
    }

    /// <summary>
    /// A move-in has happened: between 2000-01-01 and now (a phone's clock a few minutes ahead allowed); null when
    /// possible. The report deadline is counted from it, so it is checked before anything changes.
    /// </summary>
    public static Outcome? CheckMoveIn(DateTimeOffset moveInAt, DateTimeOffset now) => Instants.PastProblem(moveInAt, now, "moveInAt");

    /// <summary>A move-out date must fall between the move-in (and 2000-01-01) and now; null when possible.</summary>
    public static Outcome? CheckMoveOut(this Tenancy tenancy, DateTimeOffset movedOutAt, DateTimeOffset now)
    {
        if (movedOutAt < tenancy.MoveInAt)
        {
            return Outcome.Invalid("movedOutAt", "impossible-date", "movedOutAt is before the tenant moved in.");
        }

        return movedOutAt > now + Instants.ClockSkew
            ? Outcome.Invalid("movedOutAt", "impossible-date", "movedOutAt is in the future; record a move-out once it has happened.")
            : Instants.PastProblem(movedOutAt, now, "movedOutAt");
    }

    /// <summary>RH-01: a registration holds name, ID type and ID number; null when valid.</summary>
    public static Outcome? Validate(RegisterTenancy command)
    {
        if (command.TenancyId == Guid.Empty)
        {
            return Outcome.Invalid("tenancyId", "missing-field", "tenancyId is required (a UUID the client generates once).");
        }

        if (string.IsNullOrWhiteSpace(command.TenantName))
        {
            return Outcome.Invalid("tenantName", "missing-field", "RH-01: the tenant's name is required.");
        }

        if (command.IdType is not { } idType || !Enum.IsDefined(idType))
        {
            return Outcome.Invalid("idType", "missing-field", "RH-01: the ID type is required.");
        }

        if (string.IsNullOrWhiteSpace(command.IdNumber) || command.IdNumber.Trim().Length is < 5 or > 32)
        {
            return Outcome.Invalid("idNumber", "missing-field", "RH-01: the ID number is required (5–32 characters).");
        }

        return null;
    }
}
