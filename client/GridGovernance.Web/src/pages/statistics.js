// Monthly statistics per community (the figures of the district's work report), as charts, a table and CSV.
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from "chart.js";
import { api, token } from "../shared/api.js";
import { t } from "../shared/i18n.js";
import { h, startPage, say, explain, percent, num, table } from "../shared/ui.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
const who = startPage("statistics");
let chart;

const COLUMNS = [
  ["visits", "走访 Visits"],
  ["tenantRegistrations", "租客登记 Tenant registrations"],
  ["alertsRaised", "预警 Alerts raised"],
  ["alertsClosedOnTime", "按时办结 Closed on time"],
  ["onTimeRate", "按时率 On-time rate"],
  ["yellowCards", "黄牌 Yellow cards"],
  ["redCards", "红牌 Red cards"],
  ["correctionCases", "社区矫正 Correction cases"],
  ["drugRehabilitationCases", "社区戒毒 Drug rehab cases"],
  ["rehabilitationCases", "社区康复 Rehabilitation cases"],
  ["sanctionsDecided", "处罚 Sanctions"],
];

function query() {
  const q = new URLSearchParams({ from: document.getElementById("from").value, to: document.getElementById("to").value });
  const community = document.getElementById("community").value.trim();
  if (community) q.set("community", community);
  return q;
}

async function load() {
  try {
    const answer = await api(`/api/v1/statistics/monthly?${query()}`);
    const rows = [...answer.rows, { ...answer.totals, month: "合计 Total", communityName: "", community: "" }];
    document.getElementById("figures").replaceChildren(
      table(
        t("statistics"),
        ["Month 月份", "community", ...COLUMNS.map(c => c[1])],
        rows.map(r =>
          h(
            "tr",
            { dataset: { month: r.month ?? "", community: r.community ?? "" } },
            h("th", { scope: "row" }, r.month ?? "合计 Total"),
            h("td", {}, `${r.communityName ?? ""} ${r.community ?? ""}`),
            ...COLUMNS.map(([k]) => h("td.num", {}, k === "onTimeRate" ? percent(r[k]) : num(r[k]))),
          ),
        ),
      ),
    );
    draw(answer.rows);
    say(`${t("statistics")}: ${answer.rows.length}`);
  } catch (error) {
    say(explain(error), "error");
  }
}

function draw(rows) {
  const byCommunity = new Map();
  for (const r of rows) {
    const c = byCommunity.get(r.community) ?? { name: r.communityName || r.community, visits: 0, alertsRaised: 0, alertsClosedOnTime: 0 };
    c.visits += r.visits ?? 0;
    c.alertsRaised += r.alertsRaised ?? 0;
    c.alertsClosedOnTime += r.alertsClosedOnTime ?? 0;
    byCommunity.set(r.community, c);
  }
  const labels = [...byCommunity.values()].map(c => c.name);
  const data = {
    labels,
    datasets: [
      { label: "走访 Visits", data: [...byCommunity.values()].map(c => c.visits), backgroundColor: "#4c8bf5" },
      { label: "预警 Alerts raised", data: [...byCommunity.values()].map(c => c.alertsRaised), backgroundColor: "#f2c300" },
      { label: "按时办结 Closed on time", data: [...byCommunity.values()].map(c => c.alertsClosedOnTime), backgroundColor: "#2f9e44" },
    ],
  };
  chart?.destroy();
  chart = new Chart(document.getElementById("chart"), {
    type: "bar",
    data,
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { labels: { color: "#e8edf2" } } }, scales: { x: { ticks: { color: "#e8edf2" } }, y: { ticks: { color: "#e8edf2" } } } },
  });
}

async function downloadCsv() {
  try {
    const response = await fetch(`/api/v1/statistics/monthly.csv?${query()}`, { headers: { Authorization: "Bearer " + token(), Accept: "text/csv" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    const a = h("a", { href: URL.createObjectURL(blob), download: `gridgov-statistics-${query().get("from")}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (error) {
    say(explain(error), "error");
  }
}

if (who) {
  // This month in China time (UTC+8, no daylight saving), as the API counts months.
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  document.getElementById("from").value = month;
  document.getElementById("to").value = month;
  document.getElementById("load").addEventListener("click", load);
  document.getElementById("csv").addEventListener("click", downloadCsv);
  await load();
  document.body.dataset.ready = "true";
}
