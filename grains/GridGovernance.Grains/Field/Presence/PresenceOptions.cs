using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Field.Presence;

/// <summary>On-duty presence of grid workers and the no-one-on-duty rule (GR-10), bound from <c>GridGovernance:Presence</c>.</summary>
public sealed class PresenceOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Presence";

    /// <summary>A worker counts as on duty in a cell for this many minutes after a heartbeat there.</summary>
    [Range(1, 240)] public int OnDutyMinutes { get; set; } = 15;

    /// <summary>A cell with workers and nobody on duty for longer than this, within its duty hours, raises an alert.</summary>
    [Range(1, 480)] public int GraceMinutes { get; set; } = 30;

    /// <summary>Duty hours start (China time, +08:00) on working days.</summary>
    public TimeSpan DutyStart { get; set; } = new(8, 30, 0);

    /// <summary>Duty hours end (China time, +08:00) on working days.</summary>
    public TimeSpan DutyEnd { get; set; } = new(17, 30, 0);

    /// <summary>Other duty hours for named cells (key: the cell code), e.g. a dedicated grid around a school.</summary>
    public Dictionary<string, DutyWindow> Cells { get; set; } = [];

    /// <summary>A heartbeat whose fix is at most this coarse is "near" (the worker is trusted to be where it says).</summary>
    [Range(1, 100_000)] public double NearAccuracyMetres { get; set; } = 100;

    /// <summary>How many recent heartbeats a cell remembers to answer a retry with the same answer.</summary>
    [Range(1, 10_000)] public int RememberedHeartbeats { get; set; } = 200;

    /// <summary>Period of each watched cell's presence reminder (Orleans' minimum is 1 minute).</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The duty hours of <paramref name="cell"/>.</summary>
    public DutyHours DutyHoursOf(string cell) => Cells.TryGetValue(cell, out var window)
        ? new DutyHours(window.Start, window.End)
        : new DutyHours(DutyStart, DutyEnd);
}

/// <summary>A cell's own duty hours (China time).</summary>
public sealed class DutyWindow
{
    /// <summary>Start of the working day's duty.</summary>
    public TimeSpan Start { get; set; }

    /// <summary>End of the working day's duty.</summary>
    public TimeSpan End { get; set; }
}
