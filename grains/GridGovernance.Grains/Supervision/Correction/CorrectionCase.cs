namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>Where a community correction case stands (DOMAIN.md §4).</summary>
public enum CorrectionStage
{
    /// <summary>Judgment effective; the subject has 10 days to report (CC-04).</summary>
    AwaitingReport = 0,

    /// <summary>Did not report in time: flagged missing, a search is running (CC-04, CC-26).</summary>
    Missing = 1,

    /// <summary>Reported; documents, identity, file, announcement and team before the case is active (CC-05/06).</summary>
    Intake = 2,

    /// <summary>Under correction.</summary>
    Active = 3,

    /// <summary>Away on an approved trip (CC-15/16).</summary>
    OnTrip = 4,

    /// <summary>The last 30 days: self-summary, appraisal, resettlement recommendation (CC-33).</summary>
    PreRelease = 5,

    /// <summary>Term ended; the resettlement case (安置帮教) runs for 3 years (RP-01).</summary>
    Resettlement = 6,

    /// <summary>Resettlement over: the case is closed.</summary>
    Closed = 7,

    /// <summary>The court revoked the suspended sentence or parole, or ordered recommitment (CC-25).</summary>
    Revoked = 8,
}

/// <summary>A community correction case, kept in the person's state.</summary>
[GenerateSerializer, Alias("gg.correction-case")]
public sealed class CorrectionCase
{
    [Id(0)] public CorrectionStage Stage { get; set; }

    [Id(1)] public DateOnly? EndsOn { get; set; }
}
