using System.Globalization;
using System.Text;

namespace GridGovernance.Api.Statistics;

/// <summary>
/// <see cref="MonthlyStatistics"/> as CSV (RFC 4180): a header of English and Chinese labels, one line per row, a
/// last line of totals; CRLF line ends, fields quoted when they hold a comma, quote or line break; UTF-8 with a byte
/// order mark, which Excel needs to read the Chinese as UTF-8.
/// </summary>
public static class StatisticsCsv
{
    /// <summary>The media type.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly (string Label, Func<StatisticsRow, string?> Value)[] Columns =
    [
        ("Month 月份", r => r.Month ?? "Total 合计"),
        ("Community 社区编码", r => r.Community),
        ("Community name 社区名称", r => r.CommunityName),
        ("Visits 走访次数", r => Number(r.Visits)),
        ("Near visits 到场走访", r => Number(r.NearVisits)),
        ("Inspections 消防检查", r => Number(r.Inspections)),
        ("Tenant registrations 租客登记", r => Number(r.TenantRegistrations)),
        ("Move-outs 租客退租", r => Number(r.MoveOuts)),
        ("Alerts raised 预警发出", r => Number(r.AlertsRaised)),
        ("Yellow cards 黄牌", r => Number(r.YellowCards)),
        ("Red cards 红牌", r => Number(r.RedCards)),
        ("Alerts closed 预警办结", r => Number(r.AlertsClosed)),
        ("Closed on time 按时办结", r => Number(r.AlertsClosedOnTime)),
        ("On-time rate 按时办结率", r => r.OnTimeRate?.ToString("0.####", CultureInfo.InvariantCulture)),
        ("Correction cases 社区矫正在册", r => Number(r.CorrectionCases)),
        ("Drug rehabilitation cases 社区戒毒在册", r => Number(r.DrugRehabilitationCases)),
        ("Rehabilitation cases 社区康复在册", r => Number(r.RehabilitationCases)),
        ("Enrolments 新接收", r => Number(r.Enrolments)),
        ("Discharges 解除", r => Number(r.Discharges)),
        ("Sanctions proposed 提请处罚", r => Number(r.SanctionsProposed)),
        ("Sanctions decided 处罚决定", r => Number(r.SanctionsDecided)),
    ];

    /// <summary>The header line's labels, in column order.</summary>
    public static IReadOnlyList<string> Header { get; } = [.. Columns.Select(c => c.Label)];

    /// <summary>The file's bytes: BOM, header, rows, totals.</summary>
    public static byte[] Write(MonthlyStatistics statistics)
    {
        var text = new StringBuilder();
        AppendLine(text, Header);
        foreach (var row in statistics.Rows.Append(statistics.Totals))
        {
            AppendLine(text, Columns.Select(c => c.Value(row)));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One field, quoted (with inner quotes doubled) only when it must be.</summary>
    public static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void AppendLine(StringBuilder text, IEnumerable<string?> fields) => text.AppendJoin(',', fields.Select(Field)).Append("\r\n");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
