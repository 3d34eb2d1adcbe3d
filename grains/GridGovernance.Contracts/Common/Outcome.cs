namespace GridGovernance.Contracts.Common;

/// <summary>How a command ended. Expected failures are values, not exceptions.</summary>
public enum OutcomeKind
{
    /// <summary>Done (or already done with the same content).</summary>
    Ok = 0,

    /// <summary>The target does not exist.</summary>
    NotFound = 1,

    /// <summary>The request contradicts what is recorded (for example, the same id with other content).</summary>
    Conflict = 2,

    /// <summary>The caller may not do this.</summary>
    Forbidden = 3,

    /// <summary>The request is malformed; <see cref="Outcome.Field"/> names the field at fault.</summary>
    Invalid = 4,
}

/// <summary>The result of a command: a kind, a stable problem slug, a sentence and the field at fault.</summary>
/// <param name="Kind">Success or the class of failure.</param>
/// <param name="Problem">Stable slug (the <c>type</c> of an HTTP problem), null on success.</param>
/// <param name="Detail">A sentence for a person.</param>
/// <param name="Field">The request field at fault, when one is.</param>
/// <param name="Replayed">
/// On success: the command was a replay of one applied before (same id, same content), so this call changed nothing.
/// Lets a batch sync tell "accepted" from "duplicate"; not on the wire as such (endpoints say it in their own words).
/// </param>
[GenerateSerializer, Immutable, Alias("gg.outcome")]
public sealed record Outcome(OutcomeKind Kind, string? Problem = null, string? Detail = null, string? Field = null,
    [property: System.Text.Json.Serialization.JsonIgnore] bool Replayed = false)
{
    /// <summary>Success.</summary>
    public static Outcome Ok { get; } = new(OutcomeKind.Ok);

    /// <summary>Success of a replay: the same command was applied before and nothing changed now.</summary>
    public static Outcome AlreadyApplied { get; } = new(OutcomeKind.Ok, Replayed: true);

    /// <summary>True on success.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOk => Kind == OutcomeKind.Ok;

    /// <summary>A malformed request.</summary>
    public static Outcome Invalid(string field, string problem, string detail) => new(OutcomeKind.Invalid, problem, detail, field);

    /// <summary>A request that contradicts the record.</summary>
    public static Outcome Conflict(string problem, string detail, string? field = null) => new(OutcomeKind.Conflict, problem, detail, field);

    /// <summary>A missing target.</summary>
    public static Outcome NotFound(string problem, string detail) => new(OutcomeKind.NotFound, problem, detail);
}
