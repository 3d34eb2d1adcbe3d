namespace GridGovernance.Contracts.Common;

/// <summary>A rental property (出租屋); an opaque id, never built from an address.</summary>
[GenerateSerializer, Immutable, Alias("gg.property-id")]
public readonly record struct PropertyId([property: Id(0)] Guid Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString("N");
}

/// <summary>A monitored person; an opaque id, never built from a name or a national id.</summary>
[GenerateSerializer, Immutable, Alias("gg.person-id")]
public readonly record struct PersonId([property: Id(0)] Guid Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString("N");
}

/// <summary>A grid worker (网格员).</summary>
[GenerateSerializer, Immutable, Alias("gg.worker-id")]
public readonly record struct WorkerId([property: Id(0)] Guid Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString("N");
}

/// <summary>The kinds of entity that live in a grid cell and own deadlines.</summary>
public enum EntityKind
{
    /// <summary>A rental property.</summary>
    RentalProperty = 0,

    /// <summary>A person under community correction or drug rehabilitation.</summary>
    MonitoredPerson = 1,

    /// <summary>A grid cell itself, as the source of a cell-wide alert (nobody on duty, GR-10); owns no deadlines.</summary>
    Cell = 2,
}

/// <summary>A reference to a property or a person, as cells and alerts hold it.</summary>
/// <param name="Kind">Which grain.</param>
/// <param name="Id">Its key.</param>
[GenerateSerializer, Immutable, Alias("gg.entity-ref")]
public readonly record struct EntityRef(EntityKind Kind, Guid Id)
{
    /// <summary>"property:&lt;id&gt;", "person:&lt;id&gt;" or "cell:&lt;id&gt;", the form used in journal rows and alert ids.</summary>
    public override string ToString() => Kind switch
    {
        EntityKind.RentalProperty => "property:",
        EntityKind.Cell => "cell:",
        _ => "person:",
    } + Id.ToString("N");

    /// <summary>
    /// A cell as an alert source: its id is a name-based UUID of the code (SHA-256), so the same cell always has the
    /// same reference; the code itself travels in the alert's spec.
    /// </summary>
    public static EntityRef ForCell(Geography.CellCode cell)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("cell:" + cell.Value), hash);
        return new EntityRef(EntityKind.Cell, new Guid(hash[..16]));
    }
}
