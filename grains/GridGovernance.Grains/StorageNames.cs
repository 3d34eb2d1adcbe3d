namespace GridGovernance.Grains;

/// <summary>Names of the grain storage providers.</summary>
public static class StorageNames
{
    /// <summary>PostgreSQL, through the ADO.NET provider scoped by grain type (see the silo's GrainTypeScopedStorage).</summary>
    public const string Grid = "grid";

    /// <summary>The [PersistentState] name of a user's break-glass grants (<c>AccessGrantGrain</c>).</summary>
    public const string AccessGrantsState = "access-grants";
}
