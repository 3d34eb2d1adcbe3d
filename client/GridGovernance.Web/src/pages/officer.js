// A correction officer's desk: the caseload ordered by urgency (overdue duties, pending sanction proposals,
// trips, monitoring orders running out), and each person's case history with the rule behind every proposal.
// Every read of a person is audited by the gateway and needs a purpose; names stay masked.
import { api } from "../shared/api.js";
import { t } from "../shared/i18n.js";
import { h, startPage, say, explain, formatTime, table } from "../shared/ui.js";

const who = startPage("officer");
const purposeEl = () => document.getElementById("purpose");
const purpose = () => encodeURIComponent(purposeEl().value.trim() || "caseload review 日常个案管理");

function list(items, render) {
  return items && items.length ? h("ul.compact", {}, items.map(i => h("li", {}, render(i)))) : "—";
}

async function loadCaseload() {
  try {
    const answer = await api(`/api/v1/caseloads/me/urgent?purpose=${purpose()}`);
    const rows = answer.people.map(p =>
      h(
        "tr",
        { dataset: { person: p.id, tier: String(p.tier) } },
        h("td.num", {}, String(p.rank)),
        h("th", { scope: "row" }, h("button.link", { type: "button", onclick: () => loadHistory(p) }, p.name), h("div.sub", {}, `${p.programme} · ${p.stage ?? "—"} · ${p.level ?? "—"} · ${p.cell ?? "—"}`)),
        h("td", {}, list(p.overdue, o => `${o.kind} ${o.rule ?? ""} ${formatTime(o.dueAt)}`)),
        h(
          "td",
          {},
          list(p.proposals, s =>
            h("span", {}, h("strong", {}, s.sanction), ` ${s.rule}${s.article ? ` (${s.article})` : ""}`, s.violations?.length ? h("div.sub", {}, s.violations.join("; ")) : null),
          ),
        ),
        h("td", {}, list(p.trips, x => `${x.destination ?? ""} ${formatTime(x.from)}–${formatTime(x.to)} ${x.status ?? ""}`)),
        h("td", {}, list(p.expiringOrders, o => `${o.ground ?? ""} → ${formatTime(o.endsOn)}`)),
        h("td", {}, list(p.upcoming, u => `${u.kind} ${formatTime(u.dueAt)}`)),
      ),
    );
    document
      .getElementById("caseload")
      .replaceChildren(
        table(t("caseload"), ["# 序", "Person 人员", "Overdue 逾期", "Proposals 处罚建议", "Trips 外出", "Monitoring 电子监管", "Upcoming 即将到期"], rows),
      );
    say(`${t("caseload")}: ${answer.people.length}`);
  } catch (error) {
    say(explain(error), "error");
  }
}

async function loadHistory(person, before) {
  try {
    const query = new URLSearchParams({ purpose: decodeURIComponent(purpose()), limit: "50" });
    if (before) query.set("before", String(before));
    const page = await api(`/api/v1/people/${person.id}/history?${query}`);
    const box = document.getElementById("history");
    const rows = page.items.map(e =>
      h(
        "tr",
        { dataset: { seq: String(e.seq) } },
        h("td", {}, formatTime(e.at)),
        h("td", {}, e.type),
        h("td", {}, e.rule ?? "—"),
        h("td", {}, e.summary ?? ""),
        h("td", {}, e.actor ?? ""),
      ),
    );
    box.replaceChildren(
      h("h2", { tabindex: "-1" }, `${t("history")}: ${person.name}`),
      table(t("history"), ["Time 时间", "Event 事件", "Rule 依据", "Summary 摘要", "By 操作人"], rows),
      page.next ? h("button", { type: "button", onclick: () => loadHistory(person, page.next) }, "更早 Older") : null,
    );
    box.querySelector("h2").focus();
  } catch (error) {
    say(explain(error), "error");
  }
}

if (who) {
  document.getElementById("reload").addEventListener("click", loadCaseload);
  await loadCaseload();
  document.body.dataset.ready = "true";
}
