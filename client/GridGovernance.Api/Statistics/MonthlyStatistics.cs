using Npgsql;

namespace GridGovernance.Api.Statistics;

/// <summary>
/// The monthly figures of the district work report (docs/STATISTICS.md defines each one), counted by SQL over the
/// journal: months are calendar months in China time (Asia/Shanghai), taken from <c>occurred_at</c>.
/// </summary>
public sealed class MonthlyStatisticsQuery(NpgsqlDataSource dataSource)
{
    /// <summary>The longest range one request may ask for.</summary>
    public const int MaxMonths = 24;

    // Flows (visits, registrations, cards, closures, enrolments, sanctions) are counted where the event happened: the
    // journal row's community, in the month its occurred_at falls in. Both filters are served by the journal's
    // (community, occurred_at) index, so a month costs a range scan of that month's rows of the communities asked.
    // Stocks (cases by programme) are the people enrolled before the month's end and not yet discharged by then, counted
    // in the community of their last journal row before the month's end (where they lived then); each lookup is an
    // index scan of one person's rows (journal_entity), and enrolments are found through (event_type, occurred_at).
    private const string Sql = """
        WITH months AS (
            SELECT month,
                   month::timestamp AT TIME ZONE 'Asia/Shanghai' AS starts_at,
                   (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai' AS ends_at
            FROM (SELECT (@first::date + make_interval(months => i))::date AS month FROM generate_series(0, @count - 1) AS i) AS m
        ), flows AS (
            SELECT date_trunc('month', occurred_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
                   community,
                   count(*) FILTER (WHERE event_type = 'visit-recorded') AS visits,
                   count(*) FILTER (WHERE event_type = 'visit-recorded' AND payload ->> 'proximity' = 'Near') AS near_visits,
                   count(*) FILTER (WHERE event_type = 'inspected') AS inspections,
                   count(*) FILTER (WHERE event_type = 'tenancy-registered') AS tenancy_registrations,
                   count(*) FILTER (WHERE event_type = 'tenancy-ended') AS move_outs,
                   count(*) FILTER (WHERE event_type = 'alert-raised') AS alerts_raised,
                   count(*) FILTER (WHERE event_type = 'alert-raised' AND payload ->> 'level' = 'Yellow') AS yellow_cards,
                   count(*) FILTER (WHERE (event_type = 'alert-raised' AND payload ->> 'level' = 'Red') OR event_type = 'alert-escalated') AS red_cards,
                   count(*) FILTER (WHERE event_type = 'alert-resolved') AS alerts_closed,
                   count(*) FILTER (WHERE event_type = 'alert-resolved' AND payload ->> 'onTime' = 'true') AS alerts_closed_on_time,
                   count(*) FILTER (WHERE event_type = 'person-enrolled') AS enrolments,
                   count(*) FILTER (WHERE event_type IN ('discharged', 'dynamic-control-left')
                                       OR (event_type = 'court-decision' AND payload ->> 'decision' = 'RevocationGranted')) AS discharges,
                   count(*) FILTER (WHERE event_type = 'sanction-proposed') AS sanctions_proposed,
                   count(*) FILTER (WHERE event_type IN ('sanction-confirmed', 'sanction-rejected')) AS sanctions_decided
            FROM journal
            WHERE community = ANY(@communities)
              AND occurred_at >= (SELECT min(starts_at) FROM months)
              AND occurred_at < (SELECT max(ends_at) FROM months)
              AND event_type IN ('visit-recorded', 'inspected', 'tenancy-registered', 'tenancy-ended', 'alert-raised', 'alert-escalated',
                                 'alert-resolved', 'person-enrolled', 'discharged', 'dynamic-control-left', 'court-decision',
                                 'sanction-proposed', 'sanction-confirmed', 'sanction-rejected')
              -- Alert events are the alert's own record (an entity's card-red or deadline-missed would count a card twice).
              AND (event_type NOT LIKE 'alert-%' OR entity_type = 'alert')
            GROUP BY 1, 2
        ), people AS (
            SELECT enrolled.entity_id,
                   enrolled.occurred_at AS enrolled_at,
                   enrolled.payload ->> 'programme' AS programme,
                   (SELECT min(ended.occurred_at) FROM journal AS ended
                    WHERE ended.entity_type = 'person' AND ended.entity_id = enrolled.entity_id
                      AND (ended.event_type IN ('discharged', 'dynamic-control-left')
                           OR (ended.event_type = 'court-decision' AND ended.payload ->> 'decision' = 'RevocationGranted'))) AS ended_at
            FROM journal AS enrolled
            WHERE enrolled.event_type = 'person-enrolled' AND enrolled.entity_type = 'person'
              AND enrolled.occurred_at < (SELECT max(ends_at) FROM months)
        ), stocks AS (
            SELECT m.month,
                   home.community,
                   count(*) FILTER (WHERE p.programme = 'CommunityCorrection') AS correction_cases,
                   count(*) FILTER (WHERE p.programme = 'CommunityDrugRehabilitation') AS drug_rehabilitation_cases,
                   count(*) FILTER (WHERE p.programme = 'CommunityRehabilitation') AS rehabilitation_cases
            FROM months AS m
            JOIN people AS p ON p.enrolled_at < m.ends_at AND (p.ended_at IS NULL OR p.ended_at >= m.ends_at)
            CROSS JOIN LATERAL (
                SELECT j.community FROM journal AS j
                WHERE j.entity_type = 'person' AND j.entity_id = p.entity_id AND j.occurred_at < m.ends_at AND j.community IS NOT NULL
                ORDER BY j.seq DESC LIMIT 1) AS home
            WHERE home.community = ANY(@communities)
            GROUP BY 1, 2
        )
        SELECT to_char(m.month, 'YYYY-MM'), c.code,
               coalesce(f.visits, 0), coalesce(f.near_visits, 0), coalesce(f.inspections, 0),
               coalesce(f.tenancy_registrations, 0), coalesce(f.move_outs, 0),
               coalesce(f.alerts_raised, 0), coalesce(f.yellow_cards, 0), coalesce(f.red_cards, 0),
               coalesce(f.alerts_closed, 0), coalesce(f.alerts_closed_on_time, 0),
               coalesce(s.correction_cases, 0), coalesce(s.drug_rehabilitation_cases, 0), coalesce(s.rehabilitation_cases, 0),
               coalesce(f.enrolments, 0), coalesce(f.discharges, 0), coalesce(f.sanctions_proposed, 0), coalesce(f.sanctions_decided, 0)
        FROM months AS m
        CROSS JOIN unnest(@communities) AS c(code)
        LEFT JOIN flows AS f ON f.month = m.month AND f.community = c.code
        LEFT JOIN stocks AS s ON s.month = m.month AND s.community = c.code
        ORDER BY m.month, c.code
        """;

    /// <summary>
    /// One row per month from <paramref name="first"/> to <paramref name="last"/> (first days of months) and community
    /// (<paramref name="communities"/>: code → name), months first, communities by code; every pair has a row.
    /// </summary>
    public async Task<MonthlyStatistics> QueryAsync(DateOnly first, DateOnly last, IReadOnlyDictionary<string, string> communities, CancellationToken cancellationToken)
    {
        var count = ((last.Year - first.Year) * 12) + last.Month - first.Month + 1;
        if (count is < 1 or > MaxMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(last), $"1 to {MaxMonths} months, not {count}.");
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("communities", communities.Keys.Order(StringComparer.Ordinal).ToArray());
        var rows = new List<StatisticsRow>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                int At(int column) => checked((int)reader.GetInt64(column));
                var code = reader.GetString(1);
                rows.Add(new StatisticsRow(
                    reader.GetString(0), code, communities[code],
                    At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9), At(10), At(11),
                    StatisticsRow.Rate(At(11), At(10)),
                    At(12), At(13), At(14), At(15), At(16), At(17), At(18)));
            }
        }

        return new MonthlyStatistics(first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), last.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), rows, StatisticsRow.Total(rows));
    }
}

/// <summary>Monthly figures per community, and their totals.</summary>
/// <param name="From">First month, YYYY-MM.</param>
/// <param name="To">Last month, YYYY-MM (inclusive).</param>
/// <param name="Rows">One row per month and community, months in order, communities by code; a pair with no activity has zeros.</param>
/// <param name="Totals">
/// Flows summed over every row; the programme cases (stocks) summed over the communities at the end of the last month;
/// the on-time rate recomputed from the summed closures. Month and community are null.
/// </param>
public sealed record MonthlyStatistics(string From, string To, IReadOnlyList<StatisticsRow> Rows, StatisticsRow Totals);

/// <summary>The figures of one community in one month (docs/STATISTICS.md defines each).</summary>
/// <param name="Month">YYYY-MM (China time), or null in the totals.</param>
/// <param name="Community">Community code, or null in the totals.</param>
/// <param name="CommunityName">Community name, or null in the totals.</param>
/// <param name="Visits">Visits recorded (to rental properties and monitored people).</param>
/// <param name="NearVisits">Of those, with the fix within the near radius of the registered location.</param>
/// <param name="Inspections">Fire-safety inspections of rental properties.</param>
/// <param name="TenantRegistrations">Tenancies registered (move-ins).</param>
/// <param name="MoveOuts">Tenancies ended (move-outs).</param>
/// <param name="AlertsRaised">Alerts (cards) raised.</param>
/// <param name="YellowCards">Alerts raised yellow.</param>
/// <param name="RedCards">Red cards shown: alerts raised red plus yellow alerts escalated to red.</param>
/// <param name="AlertsClosed">Alerts resolved.</param>
/// <param name="AlertsClosedOnTime">Alerts resolved while still yellow (before they turned red).</param>
/// <param name="OnTimeRate">AlertsClosedOnTime / AlertsClosed (0..1), or null when none was closed.</param>
/// <param name="CorrectionCases">People in community correction at the month's end.</param>
/// <param name="DrugRehabilitationCases">People in community drug rehabilitation at the month's end.</param>
/// <param name="RehabilitationCases">People in community rehabilitation at the month's end.</param>
/// <param name="Enrolments">People enrolled in a programme.</param>
/// <param name="Discharges">People who left their programme (term ended, dynamic control left, or revoked).</param>
/// <param name="SanctionsProposed">Sanctions proposed on correction cases.</param>
/// <param name="SanctionsDecided">Sanction proposals decided (confirmed or rejected).</param>
public sealed record StatisticsRow(
    string? Month, string? Community, string? CommunityName,
    int Visits, int NearVisits, int Inspections, int TenantRegistrations, int MoveOuts,
    int AlertsRaised, int YellowCards, int RedCards, int AlertsClosed, int AlertsClosedOnTime, double? OnTimeRate,
    int CorrectionCases, int DrugRehabilitationCases, int RehabilitationCases,
    int Enrolments, int Discharges, int SanctionsProposed, int SanctionsDecided)
{
    /// <summary>The on-time rate, rounded to 4 places; null when nothing was closed.</summary>
    public static double? Rate(int onTime, int closed) => closed == 0 ? null : Math.Round((double)onTime / closed, 4);

    /// <summary>The totals of <paramref name="rows"/> (see <see cref="MonthlyStatistics.Totals"/>).</summary>
    public static StatisticsRow Total(IReadOnlyList<StatisticsRow> rows)
    {
        var lastMonth = rows.Count == 0 ? null : rows.Max(r => r.Month);
        var atEnd = rows.Where(r => r.Month == lastMonth).ToList();
        int Sum(Func<StatisticsRow, int> figure) => rows.Sum(figure);
        var closed = Sum(r => r.AlertsClosed);
        var onTime = Sum(r => r.AlertsClosedOnTime);
        return new StatisticsRow(
            null, null, null,
            Sum(r => r.Visits), Sum(r => r.NearVisits), Sum(r => r.Inspections), Sum(r => r.TenantRegistrations), Sum(r => r.MoveOuts),
            Sum(r => r.AlertsRaised), Sum(r => r.YellowCards), Sum(r => r.RedCards), closed, onTime, Rate(onTime, closed),
            atEnd.Sum(r => r.CorrectionCases), atEnd.Sum(r => r.DrugRehabilitationCases), atEnd.Sum(r => r.RehabilitationCases),
            Sum(r => r.Enrolments), Sum(r => r.Discharges), Sum(r => r.SanctionsProposed), Sum(r => r.SanctionsDecided));
    }
}
