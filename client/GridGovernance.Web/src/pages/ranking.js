// The grid leaderboard: cells, workers and officers by on-time rate and overdue items, drillable to the items.
import { api } from "../shared/api.js";
import { t } from "../shared/i18n.js";
import { h, startPage, say, explain, percent, num, formatTime, table } from "../shared/ui.js";

const who = startPage("ranking");

async function load() {
  const kind = document.getElementById("kind").value;
  const month = document.getElementById("month").value;
  try {
    const answer = await api(`/api/v1/rankings?kind=${encodeURIComponent(kind)}&month=${encodeURIComponent(month)}`);
    document.getElementById("board").replaceChildren(
      table(
        t("ranking"),
        ["# 名次", "Name 名称", "community", "Due 应办", "On time 按时", "Late 超时", "overdue", "onTimeRate"],
        answer.items.map(i =>
          h(
            "tr",
            { dataset: { key: i.key } },
            h("td.num", {}, String(i.rank)),
            h("th", { scope: "row" }, h("button.link", { type: "button", onclick: () => drill(kind, i, month) }, i.label ?? i.key)),
            h("td", {}, i.community ?? "—"),
            h("td.num", {}, num(i.due)),
            h("td.num", {}, num(i.onTime)),
            h("td.num", {}, num(i.late)),
            h("td.num.red", {}, num(i.overdue)),
            h("td.num", {}, percent(i.onTimeRate)),
          ),
        ),
      ),
    );
    say(`${t("ranking")}: ${answer.items.length}`);
  } catch (error) {
    say(explain(error), "error");
  }
}

async function drill(kind, item, month) {
  try {
    const answer = await api(`/api/v1/rankings/${encodeURIComponent(kind)}/${encodeURIComponent(item.key)}/items?month=${encodeURIComponent(month)}`);
    const box = document.getElementById("items");
    box.replaceChildren(
      h("h2", { tabindex: "-1" }, `${item.label ?? item.key}`),
      table(
        "Items 明细",
        ["Entity 对象", "Kind 类型", "Rule 规则", "Due 到期", "Done 完成", "Status 状态"],
        answer.items.map(x => h("tr", {}, h("td", {}, String(x.entity)), h("td", {}, x.kind), h("td", {}, x.rule), h("td", {}, formatTime(x.dueAt)), h("td", {}, formatTime(x.doneAt)), h("td", {}, x.status))),
      ),
    );
    box.querySelector("h2").focus();
  } catch (error) {
    say(explain(error), "error");
  }
}

if (who) {
  // This month in China time (UTC+8, no daylight saving), as the API counts months.
  document.getElementById("month").value = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  document.getElementById("load").addEventListener("click", load);
  await load();
  document.body.dataset.ready = "true";
}
