// Small DOM helpers shared by the pages: element builder, page frame, status line, formatting.
import { adoptToken, claims, ApiError } from "./api.js";
import { t, pair } from "./i18n.js";

/** h("tag.class", {attrs}, ...children): an element; strings become text (never HTML). */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const el = document.createElement(tag || "div");
  if (classes.length) el.className = classes.join(" ");
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A bilingual label: Chinese first, English beside it in a lighter span. */
export function label(key) {
  const [zh, en] = pair(key);
  return h("span.label", {}, zh, " ", h("span.en", { lang: "en" }, en));
}

const pages = [
  ["commandCentre", "/command-centre.html"],
  ["worker", "/worker.html"],
  ["officer", "/officer.html"],
  ["statistics", "/statistics.html"],
  ["ranking", "/ranking.html"],
];

/**
 * Starts a page: takes the token from the address, draws the navigation, and returns the caller's claims
 * (or null, after saying how to sign in).
 */
export function startPage(current) {
  adoptToken();
  const nav = document.getElementById("nav");
  if (nav) {
    nav.replaceChildren(
      h("a.brand", { href: "/" }, "GridGovernance 网格化管理"),
      ...pages.map(([key, href]) => h("a", { href, "aria-current": key === current ? "page" : undefined }, t(key))),
    );
  }
  const who = claims();
  if (!who) {
    say(t("noToken"), "error");
    return null;
  }
  const whoEl = document.getElementById("who");
  if (whoEl) whoEl.textContent = `${who.role} · ${who.subject}`;
  return who;
}

/** The page's status line (role=status, so screen readers hear it). */
export function say(text, kind = "info") {
  const el = document.getElementById("status");
  if (!el) return;
  el.textContent = text;
  el.dataset.kind = kind;
}

/** A sentence for an error: the problem's detail and its field, or that the network is down. */
export function explain(error) {
  if (error instanceof ApiError) {
    const field = error.field ? ` [${error.field}]` : "";
    if (error.status === 401) return "令牌无效或已过期 The token was refused (expired?)";
    if (error.status === 403) return `无权限 Not allowed: ${error.message}${field}`;
    if (error.status === 404) return `未找到 Not found: ${error.message}`;
    return `${error.status}: ${error.message}${field}`;
  }
  return `网络不可用 Network unavailable (${error?.message ?? error})`;
}

const timeFormat = new Intl.DateTimeFormat("zh-CN", { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" });

/** A time in China time, or "—". */
export function formatTime(value) {
  if (!value) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "—" : timeFormat.format(d);
}

/** 0..1 as a percentage, or "—". */
export function percent(value) {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;
}

/** A number or "—". */
export function num(value) {
  return value === null || value === undefined ? "—" : String(value);
}

/** A table with a caption, header labels [key or text] and rows of cells; rows may carry attributes. */
export function table(caption, headers, rows) {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map(x => h("th", { scope: "col" }, typeof x === "string" && pair(x)[0] !== x ? label(x) : x)))),
    h("tbody", {}, rows),
  );
}
