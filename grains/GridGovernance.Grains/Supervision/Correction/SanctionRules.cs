using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>A sanction the rules ground, before it is stored as a proposal.</summary>
/// <param name="Id">Stable id (derived from the evidence, so a replay proposes nothing new).</param>
/// <param name="Kind">Admonition, warning or revocation proposal.</param>
/// <param name="Rule">Rule id.</param>
/// <param name="Article">The article it rests on.</param>
/// <param name="Ground">Why.</param>
/// <param name="Evidence">Violation or sanction ids.</param>
/// <param name="EventOn">The date of the event that completed the ground.</param>
public sealed record ProposedSanction(string Id, SanctionKind Kind, string Rule, string Article, string Ground, IReadOnlyList<string> Evidence, DateOnly EventOn);

/// <summary>
/// Which sanctions a violation grounds (CC-19 admonition, CC-20 warning, CC-22..24 revocation proposal), and
/// which escalations confirmed, uncorrected sanctions ground. Pure: the policy passed in is the one in force on
/// the event's date, so a threshold that changed (CC-22: three warnings before 2020-07-01, two from it) is
/// applied as it stood.
/// </summary>
public static class SanctionRules
{
    private const string Im2020 = "社区矫正法实施办法 (2020)";
    private const string Im2012 = "社区矫正实施办法 (2012)";

    /// <summary>The sanctions one violation grounds on its own.</summary>
    public static IReadOnlyList<ProposedSanction> ForViolation(ViolationReport v, SentenceType sentence, CorrectionPolicy policy)
    {
        var id = v.ViolationId.ToString("N");
        var evidence = new[] { "violation:" + id };
        var days = v.Days ?? 0;
        var result = new List<ProposedSanction>();
        switch (v.Kind)
        {
            case ViolationKind.LateReporting or ViolationKind.Absconding or ViolationKind.UnauthorisedAbsence or ViolationKind.LateReturn:
                var what = v.Kind switch
                {
                    ViolationKind.LateReporting => $"reported {days} day(s) late",
                    ViolationKind.UnauthorisedAbsence => $"left the area without approval for {days} day(s)",
                    ViolationKind.LateReturn => $"returned {days} day(s) late from an approved trip",
                    _ => $"out of supervision for {days} day(s)",
                };
                result.Add(days <= policy.AdmonitionMaxDaysLate
                    ? new("CC-19:" + id, SanctionKind.Admonition, "CC-19", $"{Im2020} 第三十五条第（一）项", $"{what}: not over {policy.AdmonitionMaxDaysLate} days", evidence, v.OccurredOn)
                    : new("CC-20:" + id, SanctionKind.Warning, "CC-20", $"{Im2020} 第三十六条第（二）项", $"{what}: over {policy.AdmonitionMaxDaysLate} days", evidence, v.OccurredOn));
                if (days > policy.RevocationAbsenceDays && Revocation(sentence, RevocationGround.Absconding) is { } article)
                {
                    result.Add(new("CC-22:" + id, SanctionKind.RevocationProposal, "CC-22", article, $"{what}: over a month ({policy.RevocationAbsenceDays} days)", evidence, v.OccurredOn));
                }

                break;
            case ViolationKind.ReportingRuleBreach or ViolationKind.VisitorRuleBreach or ViolationKind.TripRuleBreach or ViolationKind.MovingRuleBreach:
                result.Add(new("CC-19:" + id, SanctionKind.Admonition, "CC-19", $"{Im2020} 第三十五条第（二）项", "minor breach of the reporting, visitor, trip or moving rules", evidence, v.OccurredOn));
                break;
            case ViolationKind.SkippedEducation:
                result.Add(new("CC-19:" + id, SanctionKind.Admonition, "CC-19", $"{Im2020} 第三十五条第（三）项", "skipped required education, not corrected after being told", evidence, v.OccurredOn));
                break;
            case ViolationKind.SeriousBreach:
                result.Add(new("CC-20:" + id, SanctionKind.Warning, "CC-20", $"{Im2020} 第三十六条第（三）项", "serious breach of the supervision rules", evidence, v.OccurredOn));
                break;
            case ViolationKind.ProhibitionOrderBreach:
                result.Add(new("CC-20:" + id, SanctionKind.Warning, "CC-20", $"{Im2020} 第三十六条第（一）项", "breached a prohibition order", evidence, v.OccurredOn));
                break;
            case ViolationKind.PublicSecurityPenalty:
                // A ground for monitoring (CC-29); revocation needs it to stay uncorrected, which an officer judges.
                break;
        }

        return result;
    }

    /// <summary>
    /// Escalations that confirmed, uncorrected sanctions ground: two admonitions → a warning (CC-20), two warnings
    /// (three for events before 2020-07-01) → a revocation proposal (CC-22). Each sanction is counted into one
    /// escalation only. <paramref name="policyOn"/> gives the policy in force on a date.
    /// </summary>
    /// <remarks>
    /// The count is judged at each sanction in date order with the threshold in force on that sanction's date: the
    /// one that completes the count is the event the proposal rests on (its date, its article), and the evidence is
    /// it and the ones just before it. Warnings of 2019-03, 2019-05 and 2021-03 therefore ground a proposal on
    /// 2021-03 under IM2020 (two warnings), not one on 2019-05 under a rule that then needed three.
    /// </remarks>
    public static IReadOnlyList<ProposedSanction> Escalations(IReadOnlyList<Sanction> sanctions, SentenceType sentence, Func<DateOnly, CorrectionPolicy> policyOn)
    {
        var result = new List<ProposedSanction>();
        if (Completing(Countable(sanctions, SanctionKind.Admonition), on => policyOn(on).AdmonitionsForWarning) is { } admonitions)
        {
            result.Add(new("CC-20:" + string.Join('+', admonitions.Select(s => s.Id)), SanctionKind.Warning, "CC-20", $"{Im2020} 第三十六条第（五）项",
                $"{admonitions.Count} admonitions not corrected", [.. admonitions.Select(s => s.Id)], admonitions[^1].EventOn));
        }

        if (Completing(Countable(sanctions, SanctionKind.Warning), on => policyOn(on).RevocationWarnings) is { } warnings)
        {
            var eventOn = warnings[^1].EventOn;
            var article = eventOn < new DateOnly(2020, 7, 1) ? $"{Im2012} 第二十五条" : Revocation(sentence, RevocationGround.Warnings);
            if (article is not null)
            {
                result.Add(new("CC-22:" + string.Join('+', warnings.Select(s => s.Id)), SanctionKind.RevocationProposal, "CC-22", article,
                    $"{warnings.Count} warnings not corrected", [.. warnings.Select(s => s.Id)], eventOn));
            }
        }

        return result;
    }

    /// <summary>The first run that reaches the threshold in force on its last member's date, ending at that member.</summary>
    private static List<Sanction>? Completing(List<Sanction> ordered, Func<DateOnly, int> threshold)
    {
        for (var k = 1; k <= ordered.Count; k++)
        {
            var needed = threshold(ordered[k - 1].EventOn);
            if (k >= needed)
            {
                return ordered.GetRange(k - needed, needed);
            }
        }

        return null;
    }

    /// <summary>Confirmed, uncorrected sanctions of a kind not yet counted into an escalation, oldest first.</summary>
    private static List<Sanction> Countable(IReadOnlyList<Sanction> sanctions, SanctionKind kind) =>
        [.. sanctions.Where(s => s.Kind == kind && s.Status == SanctionStatus.Confirmed && !s.Corrected && s.CountedInto is null).OrderBy(s => s.EventOn).ThenBy(s => s.ProposedAt)];

    /// <summary>
    /// The article for revoking by sentence type: probation (Art 46, CC-22: absconding item 二, warnings item 四),
    /// parole (Art 47, CC-23: items 一 and 二), temporary execution outside prison (Art 49, CC-24). 管制 has no revocation.
    /// </summary>
    private static string? Revocation(SentenceType sentence, RevocationGround ground) => sentence switch
    {
        SentenceType.Probation => $"{Im2020} 第四十六条第{(ground == RevocationGround.Absconding ? "（二）" : "（四）")}项",
        SentenceType.Parole => $"{Im2020} 第四十七条第{(ground == RevocationGround.Absconding ? "（一）" : "（二）")}项",
        SentenceType.TemporaryExecutionOutsidePrison => $"{Im2020} 第四十九条",
        _ => null,
    };

    private enum RevocationGround
    {
        Absconding,
        Warnings,
    }
}
