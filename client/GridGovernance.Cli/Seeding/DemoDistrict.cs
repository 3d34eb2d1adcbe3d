using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Cli.Seeding;

/// <summary>Sizes of a generated district.</summary>
public sealed record DemoSize(int Properties = 8000, int People = 1000, int Workers = 250);

/// <summary>A generated property with its tenancies.</summary>
public sealed record DemoProperty(PropertyId Id, RegisterProperty Registration, IReadOnlyList<(RegisterTenancy Tenancy, bool Reported)> Tenancies);

/// <summary>A generated monitored person.</summary>
public sealed record DemoPerson(PersonId Id, Enrolment Enrolment);

/// <summary>A generated grid worker.</summary>
public sealed record DemoWorker(WorkerId Id, string Name, IReadOnlyList<CellCode> Cells);

/// <summary>
/// A SYNTHETIC district shaped like Shiqi, Zhongshan: 19 communities, ~250 grid cells, properties, people and
/// workers. Everything is generated from a seed (same seed, same district); names, addresses and ID numbers
/// are made up and say so ("示例"/"synthetic"; ID numbers use the non-existent region code 999999).
/// </summary>
public sealed class DemoDistrict
{
    public const string DistrictName = "石岐区 Shiqi (synthetic demo data 合成示例数据)";

    private const int Columns = 20;          // lattice columns of cells
    private static readonly int[] RowHeights = [4, 3, 3, 3]; // cell rows per community row
    private const int CommunityColumns = 5;  // 5 × 4 blocks, the last one left out: 19 communities
    private const double West = 113.352, South = 22.500, CellWidth = 0.0034, CellHeight = 0.0040;

    private static readonly string[] CommunityNames =
    [
        "员峰", "太平", "仙湖", "凤鸣", "民生", "湖滨", "宏基", "光明", "龙凤", "悦来",
        "厚兴", "大信", "莲峰", "水关", "南下", "张溪", "岐头", "白石", "库充",
    ];

    private static readonly string[] Surnames = ["陈", "李", "黄", "张", "梁", "刘", "何", "林", "吴", "郑", "杨", "冯", "罗", "梁", "谢", "邓"];
    private static readonly string[] Given = ["伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英"];
    private static readonly string[] Roads = ["孙文路", "民族路", "悦来路", "凤鸣路", "莲员路", "湖滨路", "岐关路", "员峰路", "太平路", "大信路"];

    private readonly (double Lon, double Lat)[,] _lattice;
    private readonly List<(string Code, string Community, int Column, int Row)> _cells = [];

    public DemoDistrict(int seed = 2016)
    {
        Seed = seed;
        var rows = RowHeights.Sum();
        var random = new Random(seed);
        _lattice = new (double, double)[Columns + 1, rows + 1];
        for (var c = 0; c <= Columns; c++)
        {
            for (var r = 0; r <= rows; r++)
            {
                // Interior vertices wander a little so cells are not a perfect grid; shared vertices keep cells tiling.
                var interior = c > 0 && c < Columns && r > 0 && r < rows;
                var jx = interior ? (random.NextDouble() - 0.5) * 0.3 * CellWidth : 0;
                var jy = interior ? (random.NextDouble() - 0.5) * 0.3 * CellHeight : 0;
                _lattice[c, r] = (Math.Round(West + c * CellWidth + jx, 6), Math.Round(South + r * CellHeight + jy, 6));
            }
        }

        var number = 0;
        var rowStart = 0;
        for (var br = 0; br < RowHeights.Length; br++)
        {
            for (var bc = 0; bc < CommunityColumns; bc++)
            {
                if (br == RowHeights.Length - 1 && bc == CommunityColumns - 1)
                {
                    continue;
                }

                number++;
                var community = $"SQ-{number:D2}";
                var cell = 0;
                for (var r = rowStart; r < rowStart + RowHeights[br]; r++)
                {
                    for (var c = bc * 4; c < bc * 4 + 4; c++)
                    {
                        _cells.Add(($"{community}-{++cell:D3}", community, c, r));
                    }
                }

                Communities.Add((community, CommunityNames[number - 1] + "社区（示例）", bc * 4, rowStart, 4, RowHeights[br]));
            }

            rowStart += RowHeights[br];
        }
    }

    public int Seed { get; }

    public DistrictCode District { get; } = new("SQ");

    public List<(string Code, string Name, int Column, int Row, int Width, int Height)> Communities { get; } = [];

    public int CellCount => _cells.Count;

    /// <summary>The grid as an RFC 7946 FeatureCollection (communities and cells, counter-clockwise rings).</summary>
    public string GridGeoJson()
    {
        var features = new JsonArray();
        foreach (var (code, name, column, row, width, height) in Communities)
        {
            features.Add(Feature(new JsonObject { ["kind"] = "community", ["code"] = code, ["name"] = name, ["synthetic"] = true }, Ring(column, row, width, height)));
        }

        foreach (var (code, community, column, row) in _cells)
        {
            features.Add(Feature(new JsonObject { ["kind"] = "cell", ["code"] = code, ["community"] = community, ["name"] = $"网格 {code}（示例）", ["synthetic"] = true }, Ring(column, row, 1, 1)));
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    public IEnumerable<DemoProperty> Properties(DemoSize size, DateTimeOffset now)
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < size.Properties; i++)
        {
            var (point, community) = RandomPoint(random);
            var grade = random.NextDouble() switch { < 0.70 => RiskGrade.Green, < 0.90 => RiskGrade.Yellow, < 0.98 => RiskGrade.Orange, _ => RiskGrade.Red };
            var interval = grade switch { RiskGrade.Green => 21, RiskGrade.Yellow => 14, _ => 7 };
            // Visits spread over the interval, about 5 % already overdue so the demo has alerts to show.
            var lastVisited = now - TimeSpan.FromDays(random.NextDouble() * interval * 1.05);
            var registration = new RegisterProperty(
                District,
                $"{CommunityNames[int.Parse(community[3..], CultureInfo.InvariantCulture) - 1]}{Roads[random.Next(Roads.Length)]}{random.Next(1, 300)}号（示例）",
                point,
                new Landlord(Name(random) + "（示例）", $"1380000{random.Next(0, 10000):D4}"),
                grade,
                lastVisited);
            var tenancies = new List<(RegisterTenancy, bool)>();
            if (grade != RiskGrade.Red && random.NextDouble() < 0.25)
            {
                for (var t = 0; t < random.Next(1, 3); t++)
                {
                    var moveIn = now - TimeSpan.FromDays(random.NextDouble() * 10);
                    tenancies.Add((new RegisterTenancy(Id($"tenancy/{i}/{t}"), Name(random) + "（示例）", IdType.ResidentIdentityCard,
                        $"999999{random.Next(1960, 2005)}{random.Next(1, 13):D2}{random.Next(1, 29):D2}{random.Next(0, 10000):D4}", moveIn), random.NextDouble() < 0.7));
                }
            }

            yield return new DemoProperty(new PropertyId(Id($"property/{i}")), registration, tenancies);
        }
    }

    public IEnumerable<DemoPerson> People(DemoSize size, DateTimeOffset now)
    {
        var random = new Random(Seed + 2);
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        for (var i = 0; i < size.People; i++)
        {
            var (home, _) = RandomPoint(random);
            var programme = random.NextDouble() switch { < 0.6 => Programme.CommunityCorrection, < 0.9 => Programme.CommunityDrugRehabilitation, _ => Programme.CommunityRehabilitation };
            var correction = programme == Programme.CommunityCorrection;
            var sinceDays = random.Next(1, 700);
            var effective = today.AddDays(-sinceDays);
            var window = correction ? 10 : 15;
            DateTimeOffset? reported = sinceDays > window || random.NextDouble() < 0.5
                ? new DateTimeOffset(effective.AddDays(random.Next(0, Math.Min(window, sinceDays))).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8))
                : null;
            var level = correction ? random.NextDouble() switch { < 0.4 => SupervisionLevel.Strict, < 0.8 => SupervisionLevel.Ordinary, _ => SupervisionLevel.Lenient } : (SupervisionLevel?)null;
            var interval = !correction ? 30 : level switch { SupervisionLevel.Strict => 7, SupervisionLevel.Ordinary => 14, _ => 30 };
            var sentence = correction ? (SentenceType)random.Next(0, 4) : (SentenceType?)null;
            // A correction term runs on for months to years after today (CC-33 pre-release and discharge ahead).
            DateOnly? endsOn = correction ? today.AddDays(random.Next(20, 900)) : null;
            yield return new DemoPerson(new PersonId(Id($"person/{i}")), new Enrolment(
                District, Name(random) + "（示例）", random.NextDouble() < 0.8 ? Gender.Male : Gender.Female, home, programme, sentence, level, effective,
                reported, now - TimeSpan.FromDays(random.NextDouble() * interval * 1.05), endsOn));
        }
    }

    public IEnumerable<DemoWorker> Workers(DemoSize size)
    {
        var random = new Random(Seed + 3);
        for (var i = 0; i < size.Workers; i++)
        {
            // One worker per cell, extra workers share the first cells.
            var cell = new CellCode(_cells[i % _cells.Count].Code);
            yield return new DemoWorker(new WorkerId(Id($"worker/{i}")), Name(random) + "（示例网格员）", [cell]);
        }
    }

    private ((double Lon, double Lat) Point, string Community) RandomPointRaw(Random random)
    {
        var (_, community, c, r) = _cells[random.Next(_cells.Count)];
        double u = 0.05 + random.NextDouble() * 0.9, v = 0.05 + random.NextDouble() * 0.9;
        var (x0, y0) = _lattice[c, r];
        var (x1, y1) = _lattice[c + 1, r];
        var (x2, y2) = _lattice[c + 1, r + 1];
        var (x3, y3) = _lattice[c, r + 1];
        // Bilinear interpolation inside the (convex) quad.
        var lon = (1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3;
        var lat = (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3;
        return ((Math.Round(lon, 7), Math.Round(lat, 7)), community);
    }

    private (GeoPoint Point, string Community) RandomPoint(Random random)
    {
        var ((lon, lat), community) = RandomPointRaw(random);
        return (new GeoPoint(lon, lat), community);
    }

    private JsonArray Ring(int column, int row, int width, int height)
    {
        // Counter-clockwise along lattice vertices: bottom edge east, right edge north, top edge west, left edge south.
        var ring = new JsonArray();
        for (var c = column; c < column + width; c++)
        {
            ring.Add(Vertex(c, row));
        }

        for (var r = row; r < row + height; r++)
        {
            ring.Add(Vertex(column + width, r));
        }

        for (var c = column + width; c > column; c--)
        {
            ring.Add(Vertex(c, row + height));
        }

        for (var r = row + height; r > row; r--)
        {
            ring.Add(Vertex(column, r));
        }

        ring.Add(Vertex(column, row));
        return ring;
    }

    private JsonArray Vertex(int c, int r) => [_lattice[c, r].Lon, _lattice[c, r].Lat];

    private static JsonObject Feature(JsonObject properties, JsonArray ring) => new()
    {
        ["type"] = "Feature",
        ["properties"] = properties,
        ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
    };

    private static string Name(Random random) => Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];

    private Guid Id(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"gridgov-demo/{Seed}/{name}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
