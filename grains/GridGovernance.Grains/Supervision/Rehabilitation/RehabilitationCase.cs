namespace GridGovernance.Grains.Supervision.Rehabilitation;

/// <summary>Where a drug rehabilitation case stands.</summary>
public enum RehabilitationStage
{
    /// <summary>Ordered; the person has 15 days to report (DR-02).</summary>
    AwaitingReport = 0,

    /// <summary>Reported; the agreement must be signed before the case is active (DR-05).</summary>
    AwaitingAgreement = 1,

    /// <summary>In the programme.</summary>
    Active = 2,
}

/// <summary>A community drug rehabilitation (社区戒毒) or rehabilitation (社区康复) case, kept in the person's state.</summary>
[GenerateSerializer, Alias("gg.rehabilitation-case")]
public sealed class RehabilitationCase
{
    [Id(0)] public RehabilitationStage Stage { get; set; }
}
