// The grid worker's phone: today's tasks in my cells nearest first, a visit form that captures the GPS fix
// and its accuracy, an outbox that keeps working offline and syncs in one batch when the network is back,
// and the server's answer (near / far) for each visit.
import { api, newId } from "../shared/api.js";
import { pending, enqueue, settle } from "../shared/queue.js";
import { t } from "../shared/i18n.js";
import { h, startPage, say, explain, formatTime } from "../shared/ui.js";

const who = startPage("worker");
const deviceKey = "gridgov-device";
const deviceId = localStorage.getItem(deviceKey) ?? (localStorage.setItem(deviceKey, "web-" + newId()), localStorage.getItem(deviceKey));
let fix = null; // { longitude, latitude, accuracy, at }
let tasks = [];
let sending = false;
const results = new Map(); // itemId → result shown under the outbox

// ---- position ----

function watchPosition() {
  const el = document.getElementById("gps");
  if (!("geolocation" in navigator)) {
    el.textContent = "无定位 No GPS on this device";
    return;
  }
  navigator.geolocation.watchPosition(
    p => {
      fix = { longitude: p.coords.longitude, latitude: p.coords.latitude, accuracy: p.coords.accuracy, at: new Date(p.timestamp).toISOString() };
      el.textContent = `GPS ${fix.latitude.toFixed(5)}, ${fix.longitude.toFixed(5)} ±${Math.round(fix.accuracy)} m`;
      el.dataset.state = "fix";
      renderTasks();
    },
    e => {
      el.textContent = `定位失败 No fix: ${e.message}`;
      el.dataset.state = "none";
    },
    { enableHighAccuracy: true, maximumAge: 30000, timeout: 20000 },
  );
}

/** Great-circle distance in metres (for ordering when the server did not give one). */
function metres(a, b) {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(x));
}

// ---- tasks ----

async function loadTasks() {
  const query = new URLSearchParams({ due: "today" });
  if (fix) {
    query.set("longitude", fix.longitude.toFixed(6));
    query.set("latitude", fix.latitude.toFixed(6));
  }
  try {
    const list = await api(`/api/v1/tasks?${query}`);
    tasks = list.tasks.filter(x => x.urgency !== "ThisWeek");
    localStorage.setItem("gridgov-tasks", JSON.stringify({ at: list.asOf, tasks }));
    renderTasks();
  } catch (error) {
    const cached = JSON.parse(localStorage.getItem("gridgov-tasks") ?? "null");
    if (cached) {
      tasks = cached.tasks;
      renderTasks();
      say(`${t("offline")}: 显示 ${formatTime(cached.at)} 的任务 Showing the tasks of ${formatTime(cached.at)}`, "warn");
    } else {
      say(explain(error), "error");
    }
  }
}

function distanceOf(task) {
  if (task.distanceMetres !== undefined && task.distanceMetres !== null) return task.distanceMetres;
  return fix && task.location ? metres(fix, task.location) : null;
}

function renderTasks() {
  const order = { Overdue: 0, Today: 1, ThisWeek: 2 };
  const sorted = [...tasks].sort(
    (a, b) => (order[a.urgency] ?? 3) - (order[b.urgency] ?? 3) || (distanceOf(a) ?? Infinity) - (distanceOf(b) ?? Infinity) || a.dueAt.localeCompare(b.dueAt),
  );
  const list = document.getElementById("tasks");
  if (sorted.length === 0) {
    list.replaceChildren(h("li.empty", {}, `${t("nothing")} · 今日无到期任务 Nothing due today`));
    return;
  }
  list.replaceChildren(
    ...sorted.map(task => {
      const d = distanceOf(task);
      return h(
        "li.task",
        { dataset: { entity: task.entity.id, urgency: task.urgency } },
        h(
          "button.task-button",
          { type: "button", onclick: () => openForm(task), "aria-label": `${t("visit")} ${task.entity.kind} ${task.entity.id}` },
          h("span", { class: `badge ${task.urgency === "Overdue" ? "red" : "yellow"}` }, task.urgency === "Overdue" ? "逾期 Overdue" : "今日 Today"),
          h("span.task-what", {}, `${task.kind} · ${task.rule}`),
          h("span.task-where", {}, `${task.entity.kind === "property" ? "出租屋 Property" : "人员 Person"} ${task.entity.id.slice(0, 8)} · ${task.cell}`),
          h("span.task-distance", {}, d === null ? "— m" : d < 1000 ? `${Math.round(d)} m` : `${(d / 1000).toFixed(1)} km`),
          h("span.task-due", {}, formatTime(task.dueAt)),
        ),
      );
    }),
  );
}

// ---- visit form ----

function openForm(task) {
  const form = document.getElementById("visit-form");
  form.hidden = false;
  form.dataset.kind = task.entity.kind;
  form.dataset.id = task.entity.id;
  document.getElementById("visit-target").textContent = `${task.entity.kind === "property" ? "出租屋 Property" : "人员 Person"} ${task.entity.id} · ${task.rule}`;
  document.getElementById("visit-note").value = "";
  document.getElementById("visit-note").focus();
}

async function submitVisit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const errorEl = document.getElementById("visit-error");
  errorEl.textContent = "";
  if (!fix) {
    errorEl.textContent = "需要定位 A GPS fix is needed for a visit (gps)";
    return;
  }
  const note = document.getElementById("visit-note").value.trim();
  if (note.length > 500) {
    errorEl.textContent = "备注过长 The note is longer than 500 characters (note)";
    return;
  }
  const item = {
    itemId: newId(),
    type: "visit",
    entity: { kind: form.dataset.kind, id: form.dataset.id },
    deviceTime: new Date().toISOString(),
    gps: { longitude: fix.longitude, latitude: fix.latitude, accuracyMetres: fix.accuracy },
    note: note || null,
  };
  await enqueue(item);
  form.hidden = true;
  await renderOutbox();
  await flush();
}

// ---- outbox ----

async function renderOutbox() {
  const items = await pending();
  document.getElementById("queued-count").textContent = String(items.length);
  const list = document.getElementById("outbox");
  const shown = [...items.map(i => ({ item: i, result: null })), ...[...results.values()].map(r => ({ item: r.item, result: r.result }))];
  list.replaceChildren(
    ...shown.map(({ item, result }) => {
      const state = result ? result.status : "queued";
      const answer = result?.answer;
      const proximity = answer?.proximity ? String(answer.proximity).toLowerCase() : null;
      return h(
        "li.outbox-item",
        { dataset: { item: item.itemId, state, proximity: proximity ?? "" } },
        h("span", { class: `badge ${state}` }, state === "queued" ? t("queued") : state),
        " ",
        `${item.entity.kind} ${item.entity.id.slice(0, 8)} · ${formatTime(item.deviceTime)}`,
        proximity ? h("span", { class: `badge ${proximity}` }, ` ${t(proximity)}${answer.distanceMetres != null ? ` ${Math.round(answer.distanceMetres)} m` : ""}`) : null,
        result?.detail ? h("span.problem", {}, ` ${result.detail}${result.field ? ` [${result.field}]` : ""}`) : null,
      );
    }),
  );
}

/** Sends what is queued in one batch; keeps what the server could not apply just now. */
async function flush() {
  if (sending || !navigator.onLine) return;
  const items = await pending();
  if (items.length === 0) return;
  sending = true;
  try {
    const answer = await api("/api/v1/sync", { method: "POST", body: { deviceId, items: items.slice(0, 500) } });
    const done = [];
    for (const r of answer.results) {
      const item = items[r.index];
      if (r.status === "rejected" && r.problem && r.problem.endsWith("unavailable")) continue;
      done.push(item.itemId);
      results.set(item.itemId, { item, result: r });
    }
    await settle(done);
    say(`${t("synced")}: ${answer.accepted} · duplicate ${answer.duplicates} · conflict ${answer.conflicts} · rejected ${answer.rejected}`);
    loadTasks();
  } catch (error) {
    say(explain(error), "warn");
  } finally {
    sending = false;
    await renderOutbox();
  }
}

// ---- presence ----

async function heartbeat() {
  if (!navigator.onLine || !fix) return;
  try {
    await api("/api/v1/presence/heartbeats", {
      method: "POST",
      body: { clientId: newId(), longitude: fix.longitude, latitude: fix.latitude, accuracy: fix.accuracy, at: new Date().toISOString() },
    });
  } catch {
    /* presence is best effort: the next beat tries again */
  }
}

function network() {
  const el = document.getElementById("network");
  el.textContent = navigator.onLine ? t("online") : t("offline");
  el.dataset.state = navigator.onLine ? "online" : "offline";
}

if (who) {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/worker-sw.js").catch(() => {});
  document.getElementById("visit-form").addEventListener("submit", submitVisit);
  document.getElementById("visit-cancel").addEventListener("click", () => (document.getElementById("visit-form").hidden = true));
  document.getElementById("sync-now").addEventListener("click", () => flush());
  window.addEventListener("online", () => {
    network();
    flush();
  });
  window.addEventListener("offline", network);
  network();
  watchPosition();
  await renderOutbox();
  await loadTasks();
  flush();
  setInterval(flush, 15000);
  setInterval(heartbeat, 60000);
  setTimeout(heartbeat, 3000);
  document.body.dataset.ready = "true";
}
