using GridGovernance.Contracts.Common;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.IO;

namespace GridGovernance.Grains.Geography;

/// <summary>Finds the grid cell that holds a WGS84 point.</summary>
/// <remarks>
/// <para>Boundaries are decoded from WKB once, indexed in an <see cref="STRtree{TItem}"/> and prepared
/// (<see cref="PreparedGeometryFactory"/>), so a lookup costs an envelope query plus an indexed point-in-polygon
/// test per candidate. Polygons with holes and MultiPolygons work as expected: a point in a hole is not in that
/// cell, a point in any part of a MultiPolygon is.</para>
/// <para>A cell covers its boundary: a point on a cell's outer edge, or on the edge of one of its holes, is in that
/// cell. <b>When several cells cover a point</b> (it lies on an edge or a vertex they share, or in an overlap
/// small enough to pass <see cref="GridGeoJson.AreaToleranceSquareDegrees"/>), <b>the point goes to the cell whose
/// code is smallest in ordinal string order</b> (<see cref="string.CompareOrdinal(string, string)"/>). The answer
/// therefore depends only on the set of cells, never on the order they were given in.</para>
/// <para>An instance is immutable once built and safe to query from several threads.</para>
/// </remarks>
public sealed class CellLocator
{
    private readonly STRtree<Cell> _index = new();
    private readonly GeometryFactory _factory = NtsGeometryServices.Instance.CreateGeometryFactory();

    /// <summary>Builds the index.</summary>
    /// <param name="cells">Cells as imported by <see cref="GridGeoJson.Parse"/>; their WKB must hold a Polygon or MultiPolygon.</param>
    /// <exception cref="ArgumentException">A cell's WKB does not hold a polygonal geometry.</exception>
    public CellLocator(IEnumerable<CellArea> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);

        var reader = new WKBReader();
        foreach (var cell in cells)
        {
            var geometry = reader.Read(cell.Wkb);
            if (geometry is not IPolygonal)
            {
                throw new ArgumentException($"Cell \"{cell.Code}\" holds a {geometry.GeometryType}, not a Polygon or MultiPolygon.", nameof(cells));
            }

            _index.Insert(geometry.EnvelopeInternal, new Cell(cell.Code, PreparedGeometryFactory.Prepare(geometry)));
            Count++;
        }

        // Build now: STRtree builds lazily on first query, which is not safe under concurrent readers.
        _index.Build();
    }

    /// <summary>The number of cells indexed.</summary>
    public int Count { get; }

    /// <summary>Finds the cell holding <paramref name="point"/>.</summary>
    /// <param name="point">A WGS84 position.</param>
    /// <returns>The cell's code; the smallest code in ordinal order when several cells cover the point; null when no
    /// cell does or the point is not a valid WGS84 position (<see cref="GeoPoint.Problem"/>).</returns>
    public string? Locate(GeoPoint point)
    {
        if (point.Problem() is not null)
        {
            return null;
        }

        var coordinate = new Coordinate(point.Longitude, point.Latitude);
        var location = _factory.CreatePoint(coordinate);
        string? found = null;
        foreach (var cell in _index.Query(new Envelope(coordinate)))
        {
            if ((found is null || string.CompareOrdinal(cell.Code, found) < 0) && cell.Area.Covers(location))
            {
                found = cell.Code;
            }
        }

        return found;
    }

    private sealed record Cell(string Code, IPreparedGeometry Area);
}
