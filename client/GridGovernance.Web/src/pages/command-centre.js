// The command centre's wall screen: every cell on a map coloured by its live status, the live alert feed,
// the communities' table, and a drill-down district → community → cell → entity.
import L from "leaflet";
import { api } from "../shared/api.js";
import { follow } from "../shared/stream.js";
import { t } from "../shared/i18n.js";
import { h, label, startPage, say, explain, formatTime, percent, num, table } from "../shared/ui.js";

performance.mark("gg-start");
const who = startPage("commandCentre");

/** Status of a cell, worst first: red card, yellow card, overdue deadline, quiet. */
const STATUS = ["red", "yellow", "overdue", "ok"];
const COLOURS = { red: "#d7301f", yellow: "#f2c300", overdue: "#f08c00", ok: "#2f9e44" };

const cells = new Map(); // code → { layer, props }
const streamed = new Map(); // cell code → Map(alert key → "yellow" | "red"): open alerts seen on the stream, ahead of the counts
const refreshing = new Map(); // community code → pending refresh timer (one refresh per burst of changes)
let communities = [];
let map;
let cellLayer;

function statusOf(props) {
  const live = streamed.get(props.code);
  if (props.redAlerts > 0 || (live && [...live.values()].includes("red"))) return "red";
  if (props.openAlerts > 0 || live?.size > 0) return "yellow";
  if (props.overdue > 0 || (props.nextDue && new Date(props.nextDue) < new Date())) return "overdue";
  return "ok";
}

function styleOf(props) {
  const status = statusOf(props);
  return {
    color: "#1c2833",
    weight: 1,
    fillColor: COLOURS[status],
    fillOpacity: status === "ok" ? 0.35 : 0.75,
    className: `cell cell-${props.code} status-${status}`,
  };
}

function restyle(code) {
  const cell = cells.get(code);
  if (!cell) return;
  const style = styleOf(cell.props);
  cell.layer.setStyle(style);
  // Leaflet keeps the class it was created with; keep the element's classes true for tests and styling.
  const el = cell.layer.getElement?.();
  if (el) {
    el.setAttribute("class", `leaflet-interactive ${style.className}`);
    el.dataset.status = statusOf(cell.props);
  }
}

async function drawMap() {
  const collection = await api("/api/v1/cells");
  map = L.map("map", { zoomSnap: 0.25, attributionControl: false, preferCanvas: false, keyboard: true });
  cellLayer = L.geoJSON(collection, {
    style: f => styleOf(f.properties),
    onEachFeature: (feature, layer) => {
      const p = feature.properties;
      cells.set(p.code, { layer, props: p });
      layer.bindTooltip(`${p.name ?? p.code} (${p.code}) · ${t("openAlerts")}: ${p.openAlerts} · ${t("redAlerts")}: ${p.redAlerts}`, { sticky: true });
      layer.on("click", () => showCell(p.code));
    },
  }).addTo(map);
  if (cells.size > 0) map.fitBounds(cellLayer.getBounds(), { padding: [8, 8] });
  else map.setView([22.52, 113.39], 13);
  for (const code of cells.keys()) restyle(code);
  const el = document.getElementById("map");
  el.dataset.cells = String(cells.size);
  el.dataset.ready = "true";
  legend();
  performance.mark("gg-map-drawn");
}

function legend() {
  const box = document.getElementById("legend");
  box.replaceChildren(
    ...STATUS.map(s =>
      h("span.legend-item", {}, h("span.swatch", { style: `background:${COLOURS[s]}` }), { red: "红牌 Red card", yellow: "黄牌 Yellow card", overdue: "逾期 Overdue", ok: "正常 On track" }[s]),
    ),
  );
}

async function loadOverview() {
  const overview = await api("/api/v1/overview");
  communities = overview.communities;
  document.getElementById("district-name").textContent = `${overview.name} (${overview.district})`;
  renderCommunities();
}

/** The district's figures: sums over the communities (as the overview's totals are), so they follow the stream too. */
function renderTotals() {
  const sum = key => communities.reduce((total, c) => total + (c[key] ?? 0), 0);
  const closed = sum("alertsClosed");
  // The rate of the sums, not a mean of the communities' rates.
  const onTimeRate = closed === 0 ? null : sum("alertsClosedOnTime") / closed;
  document
    .getElementById("totals")
    .replaceChildren(
      ...["cells", "properties", "people", "workers", "openAlerts", "redAlerts", "overdue"].map(k =>
        h("div.figure", { dataset: { figure: k } }, h("span.value", {}, num(sum(k))), label(k)),
      ),
      h("div.figure", { dataset: { figure: "onTimeRate" } }, h("span.value", {}, percent(onTimeRate)), label("onTimeRate")),
    );
}

function renderCommunities() {
  renderTotals();
  const rows = communities.map(c =>
    h(
      "tr",
      { dataset: { community: c.code } },
      h("th", { scope: "row" }, h("button.link", { type: "button", onclick: () => showCommunity(c.code) }, `${c.name} ${c.code}`)),
      h("td.num", {}, num(c.cells)),
      h("td.num", {}, num(c.properties)),
      h("td.num", {}, num(c.people)),
      h("td.num", {}, num(c.workers)),
      h("td.num", {}, num(c.openAlerts)),
      h("td.num.red", {}, num(c.redAlerts)),
      h("td.num", {}, num(c.overdue)),
      h("td.num", {}, percent(c.onTimeRate)),
    ),
  );
  document
    .getElementById("communities")
    .replaceChildren(table(t("community"), ["community", "cells", "properties", "people", "workers", "openAlerts", "redAlerts", "overdue", "onTimeRate"], rows));
}

function panel(title, ...body) {
  const el = document.getElementById("detail");
  el.replaceChildren(h("h2", { tabindex: "-1" }, title), ...body);
  el.querySelector("h2").focus();
}

async function showCommunity(code) {
  try {
    const { community, cells: list } = await api(`/api/v1/communities/${encodeURIComponent(code)}`);
    const bounds = list.map(c => cells.get(c.code)?.layer.getBounds()).filter(Boolean);
    if (bounds.length) map.fitBounds(bounds.reduce((a, b) => a.extend(b), L.latLngBounds(bounds[0].getSouthWest(), bounds[0].getNorthEast())));
    takeCounts(list);
    const sorted = [...list].sort((a, b) => b.redAlerts - a.redAlerts || b.openAlerts - a.openAlerts || a.code.localeCompare(b.code));
    panel(
      `${t("community")}: ${community.name} ${community.code}`,
      h("button.link", { type: "button", onclick: showDistrict }, `← ${t("district")}`),
      table(
        t("cell"),
        ["cell", "properties", "people", "openAlerts", "redAlerts"],
        sorted.map(c =>
          h(
            "tr",
            { dataset: { cell: c.code } },
            h("th", { scope: "row" }, h("button.link", { type: "button", onclick: () => showCell(c.code) }, c.code)),
            h("td.num", {}, num(c.properties)),
            h("td.num", {}, num(c.people)),
            h("td.num", {}, num(c.openAlerts)),
            h("td.num.red", {}, num(c.redAlerts)),
          ),
        ),
      ),
    );
  } catch (error) {
    say(explain(error), "error");
  }
}

function showDistrict() {
  if (cellLayer && cells.size) map.fitBounds(cellLayer.getBounds(), { padding: [8, 8] });
  panel(t("district"), h("p", {}, "选择社区或网格查看详情 Choose a community or a cell for its detail."));
}

async function showCell(code) {
  try {
    const cell = cells.get(code);
    if (cell) map.fitBounds(cell.layer.getBounds(), { maxZoom: 17 });
    const [properties, alerts] = await Promise.all([
      api(`/api/v1/cells/${encodeURIComponent(code)}/properties`),
      api(`/api/v1/alerts?cell=${encodeURIComponent(code)}`),
    ]);
    const community = cell?.props.community;
    panel(
      `${t("cell")}: ${code}`,
      h("button.link", { type: "button", onclick: () => (community ? showCommunity(community) : showDistrict()) }, `← ${t("community")} ${community ?? ""}`),
      table(
        t("openAlerts"),
        ["Level 级别", "Rule 规则", "Due 到期", "Source 对象"],
        alerts.alerts.map(a =>
          h(
            "tr",
            { dataset: { alert: a.key } },
            h("td", {}, h("span", { class: `badge ${String(a.level).toLowerCase()}` }, a.level)),
            h("td", {}, a.rule),
            h("td", {}, formatTime(a.dueAt)),
            h("td", {}, h("button.link", { type: "button", onclick: () => showEntity(a.source) }, `${a.source.kind} ${a.source.id.slice(0, 8)}`)),
          ),
        ),
      ),
      table(
        t("properties"),
        ["Address 地址", "Grade 等级", "Tenants 租客", "Last visit 最近走访"],
        properties.map(p =>
          h(
            "tr",
            {},
            h("td", {}, h("button.link", { type: "button", onclick: () => showEntity({ kind: "property", id: p.id }) }, p.address)),
            h("td", {}, p.grade),
            h("td.num", {}, num(p.activeTenancies)),
            h("td", {}, formatTime(p.lastVisitedAt)),
          ),
        ),
      ),
    );
  } catch (error) {
    say(explain(error), "error");
  }
}

async function showEntity(source) {
  try {
    if (source.kind === "property") {
      const p = await api(`/api/v1/properties/${source.id}`);
      panel(
        `${t("properties")}: ${p.address}`,
        h("button.link", { type: "button", onclick: () => showCell(p.cell) }, `← ${t("cell")} ${p.cell ?? ""}`),
        h(
          "dl",
          {},
          h("dt", {}, "Grade 风险等级"), h("dd", {}, p.grade),
          h("dt", {}, "Tenants 在住租客"), h("dd", {}, num(p.activeTenancies)),
          h("dt", {}, "Pending reports 待申报"), h("dd", {}, num(p.tenanciesPendingReport)),
          h("dt", {}, "Last visit 最近走访"), h("dd", {}, formatTime(p.lastVisitedAt)),
          h("dt", {}, "Open hazards 隐患"), h("dd", {}, num(p.openHazards?.length)),
        ),
        deadlines(p.deadlines),
      );
    } else {
      // Reading a person is audited and needs a purpose; the name stays masked (PI-14).
      const v = await api(`/api/v1/people/${source.id}?purpose=${encodeURIComponent("command-centre drill-down 指挥中心查看")}`);
      panel(
        `${t("people")}: ${v.name}`,
        h("button.link", { type: "button", onclick: () => showCell(v.person.cell) }, `← ${t("cell")} ${v.person.cell ?? ""}`),
        h(
          "dl",
          {},
          h("dt", {}, "Name 姓名"), h("dd", { dataset: { masked: "true" } }, v.name),
          h("dt", {}, "Programme 类别"), h("dd", {}, v.person.programme),
          h("dt", {}, "Stage 阶段"), h("dd", {}, v.person.stage ?? "—"),
          h("dt", {}, "Level 管理级别"), h("dd", {}, v.person.level ?? "—"),
          h("dt", {}, "Last visit 最近走访"), h("dd", {}, formatTime(v.person.lastVisitedAt)),
        ),
        deadlines(v.person.deadlines),
      );
    }
  } catch (error) {
    say(explain(error), "error");
  }
}

function deadlines(list) {
  return table(
    "Deadlines 期限",
    ["Kind 类型", "Rule 规则", "Due 到期"],
    (list ?? []).map(d => h("tr", {}, h("td", {}, d.kind), h("td", {}, d.rule), h("td", {}, formatTime(d.dueAt)))),
  );
}

// ---- live ----

const feed = () => document.getElementById("feed");

function onAlert(name, change) {
  const details = change.details ?? {};
  const cellAlerts = change.cell ? (streamed.get(change.cell) ?? streamed.set(change.cell, new Map()).get(change.cell)) : null;
  if (cellAlerts) {
    if (name === "alert-resolved") cellAlerts.delete(change.alert);
    else if (name === "alert-escalated" || cellAlerts.get(change.alert) === "red") cellAlerts.set(change.alert, "red");
    else cellAlerts.set(change.alert, String(details.level ?? "yellow").toLowerCase());
    restyle(change.cell);
  }
  const verb = { "alert-raised": "新预警 Raised", "alert-escalated": "升级红牌 Red", "alert-acknowledged": "已认领 Taken", "alert-resolved": "已解决 Resolved" }[name] ?? name;
  const shown = name === "alert-resolved" ? "resolved" : (cellAlerts?.get(change.alert) ?? "yellow");
  const item = h(
    "li",
    { dataset: { alert: change.alert, event: name, cell: change.cell ?? "", receivedAt: String(Date.now()) }, class: `feed-item ${shown}` },
    h("span", { class: `badge ${shown}` }, verb),
    " ",
    h("button.link", { type: "button", onclick: () => change.cell && showCell(change.cell) }, change.cell ?? "—"),
    " ",
    h("span.rule", {}, details.rule ?? details.kind ?? ""),
    " ",
    h("time", { datetime: change.occurredAt }, formatTime(change.occurredAt)),
  );
  const list = feed();
  list.prepend(item);
  while (list.children.length > 200) list.lastElementChild.remove();
}

function onCommunity(counts) {
  const i = communities.findIndex(c => c.code === counts.code);
  if (i >= 0) communities[i] = { ...communities[i], ...counts };
  renderCommunities();
  // The community's cells changed: take their counts (the truth behind the stream's early colours), once per burst.
  if (refreshing.has(counts.code)) return;
  refreshing.set(
    counts.code,
    setTimeout(() => {
      refreshing.delete(counts.code);
      api(`/api/v1/communities/${encodeURIComponent(counts.code)}`)
        .then(({ cells: list }) => takeCounts(list))
        .catch(() => {});
    }, 500),
  );
}

/** Cell counts from the API replace what the map holds for them. */
function takeCounts(list) {
  for (const c of list) {
    const known = cells.get(c.code);
    if (known) {
      Object.assign(known.props, c);
      restyle(c.code);
    }
  }
}

function goLive() {
  const state = document.getElementById("live");
  follow("/api/v1/events", {
    onEvent: (name, data) => {
      if (name.startsWith("alert-")) onAlert(name, data);
      else if (name === "community-changed") onCommunity(data);
    },
    onState: s => {
      state.textContent = s === "live" ? t("connected") : t("reconnecting");
      state.dataset.state = s;
      if (s === "resync") loadOverview().catch(() => {});
    },
  }).catch(error => say(explain(error), "error"));
}

if (who) {
  try {
    await Promise.all([drawMap(), loadOverview()]);
    performance.measure("gg-first-useful-paint", "gg-start", "gg-map-drawn");
    showDistrict();
    say(`${t("map")}: ${cells.size} ${t("cells")}`);
    goLive();
  } catch (error) {
    say(explain(error), "error");
  }
}
