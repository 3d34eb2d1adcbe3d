namespace GridGovernance.Contracts.Field;

/// <summary>How a visit's GPS fix compares with the registered location of what was visited.</summary>
public enum Proximity
{
    /// <summary>Within the near radius, allowing for the fix's accuracy.</summary>
    Near = 0,

    /// <summary>Farther than the near radius even at the edge of the fix's accuracy.</summary>
    Far = 1,

    /// <summary>The fix is too coarse (or missing) to tell, or the target has no registered location.</summary>
    Unverifiable = 2,
}
