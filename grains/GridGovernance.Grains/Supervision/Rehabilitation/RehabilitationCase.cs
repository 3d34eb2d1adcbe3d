using System.Text.Json.Serialization;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Rehabilitation;

/// <summary>A community drug rehabilitation (社区戒毒) or rehabilitation (社区康复) case, kept in the person's state.</summary>
/// <remarks>Stored as JSON: add optional members only, never rename one.</remarks>
[GenerateSerializer, Alias("gg.rehabilitation-case")]
public sealed class RehabilitationCase
{
    /// <summary>Commands remembered for replays (the journal has them all).</summary>
    public const int KeptCommands = 200;

    [Id(0)] public RehabilitationStage Stage { get; set; }

    /// <summary>DR-03: the report date, from which the programme runs.</summary>
    [Id(1)] public DateOnly? StartedOn { get; set; }

    /// <summary>DR-05.</summary>
    [Id(2)] public DateTimeOffset? AgreementSignedAt { get; set; }

    /// <summary>DR-13: detentions, oldest first.</summary>
    [Id(3)] public List<Detention> Detentions { get; set; } = [];

    /// <summary>DR-18: the number of the scheduled test currently planned (0 before the first).</summary>
    [Id(4)] public int TestNumber { get; set; }

    [Id(5)] public int TestsTaken { get; set; }

    /// <summary>DR-08: scheduled tests whose deadline passed.</summary>
    [Id(6)] public int MissedTests { get; set; }

    /// <summary>DR-08: refused tests.</summary>
    [Id(7)] public int RefusedTests { get; set; }

    /// <summary>DR-09: relapses.</summary>
    [Id(8)] public int PositiveTests { get; set; }

    /// <summary>DR-07/08.</summary>
    [Id(9)] public int UnauthorisedAbsences { get; set; }

    /// <summary>DR-08.</summary>
    [Id(10)] public int UnauthorisedDays { get; set; }

    /// <summary>DR-08: flagged once, when a threshold was first reached.</summary>
    [Id(11)] public DateTimeOffset? SeriousViolationAt { get; set; }

    [Id(12)] public List<string> SeriousViolationReasons { get; set; } = [];

    /// <summary>DR-02: the report deadline passed: counts as refusal.</summary>
    [Id(13)] public bool RefusedToReport { get; set; }

    /// <summary>DR-21.</summary>
    [Id(14)] public int PointsTotal { get; set; }

    /// <summary>DR-21: the most recent lines (<see cref="PointsLedger.KeptLines"/>).</summary>
    [Id(15)] public List<PointsLine> Ledger { get; set; } = [];

    /// <summary>Commands already applied, by client id, for replays (the most recent <see cref="KeptCommands"/>).</summary>
    [Id(16)] public List<CommandRecord> Commands { get; set; } = [];

    /// <summary>DR-07: absences, for the overlap check (the most recent <see cref="KeptCommands"/>).</summary>
    [Id(17)] public List<Absence> Absences { get; set; } = [];

    /// <summary>DR-16: when the person left dynamic control.</summary>
    [Id(18)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>DR-16: the programme end passed while a serious violation or an open police task held the exit.</summary>
    [Id(19)] public bool EndHeld { get; set; }

    /// <summary>DR-09: police-report tasks created (numbers their deadline ids).</summary>
    [Id(20)] public int PoliceTasks { get; set; }

    /// <summary>Fingerprint of the agreement command (DR-05), for replays.</summary>
    [Id(21)] public string? AgreementFingerprint { get; set; }

    /// <summary>DR-21: help-team activities.</summary>
    [Id(22)] public int HelpActivities { get; set; }

    /// <summary>DR-08: evaded tests, missed or refused.</summary>
    [JsonIgnore]
    public int EvadedTests => MissedTests + RefusedTests;

    /// <summary>DR-13: the detentions as periods of local dates.</summary>
    [JsonIgnore]
    public IEnumerable<SuspendedPeriod> Suspensions => Detentions.Select(d => new SuspendedPeriod(d.From, d.To));

    /// <summary>The detention still open, if any.</summary>
    [JsonIgnore]
    public Detention? OpenDetention => Detentions.Find(d => d.To is null);

    /// <summary>A command's id and fingerprint for replays.</summary>
    public CommandRecord? Find(string kind, Guid id) => Commands.Find(c => c.Id == id && c.Kind == kind);

    /// <summary>Remembers an applied command, dropping the oldest beyond <see cref="KeptCommands"/>.</summary>
    public void Remember(string kind, Guid id, string fingerprint)
    {
        Commands.Add(new CommandRecord { Kind = kind, Id = id, Fingerprint = fingerprint });
        if (Commands.Count > KeptCommands)
        {
            Commands.RemoveRange(0, Commands.Count - KeptCommands);
        }
    }
}

/// <summary>An applied command (DR-* idempotency).</summary>
[GenerateSerializer, Alias("gg.rehabilitation-command")]
public sealed class CommandRecord
{
    [Id(0)] public string Kind { get; init; } = "";

    [Id(1)] public Guid Id { get; init; }

    [Id(2)] public string Fingerprint { get; init; } = "";
}

/// <summary>A detention (DR-13).</summary>
[GenerateSerializer, Alias("gg.rehabilitation-detention-state")]
public sealed class Detention
{
    [Id(0)] public Guid Id { get; init; }

    [Id(1)] public DateTimeOffset DetainedAt { get; init; }

    [Id(2)] public DateOnly From { get; init; }

    [Id(3)] public DateTimeOffset? ReleasedAt { get; set; }

    [Id(4)] public DateOnly? To { get; set; }
}

/// <summary>A recorded absence (DR-07).</summary>
[GenerateSerializer, Alias("gg.rehabilitation-absence-state")]
public sealed class Absence
{
    [Id(0)] public Guid Id { get; init; }

    [Id(1)] public DateOnly From { get; init; }

    [Id(2)] public DateOnly To { get; init; }

    [Id(3)] public bool Unauthorised { get; init; }
}
