// The gateway's API for the pages: the bearer token of this tab, JSON calls, problem details as errors.

const TOKEN_KEY = "gridgov-token";

/** Takes a token handed over in the address (#token=…) into this tab's storage and removes it from the address bar. */
export function adoptToken() {
  const handed = new URLSearchParams(location.hash.slice(1)).get("token");
  if (handed) {
    sessionStorage.setItem(TOKEN_KEY, handed);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The token's claims (not verified here: the gateway verifies; the page only uses them to choose what to show). */
export function claims() {
  const t = token();
  if (!t) return null;
  try {
    const part = t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(Array.from(atob(part), c => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
    const c = JSON.parse(json);
    const list = v => (Array.isArray(v) ? v : v ? String(v).split(/[ ,]+/).filter(Boolean) : []);
    return {
      subject: c.sub,
      role: c.role ?? c["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"],
      cells: list(c.gg_cells),
      community: c.gg_community ?? null,
      expires: c.exp ? new Date(c.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

/** A refused call: HTTP status plus the problem details (title, detail, and the field at fault when there is one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    const errors = problem?.errors ? Object.keys(problem.errors) : [];
    this.field = problem?.field ?? errors[0] ?? null;
  }
}

/** Calls the API; JSON in and out. Throws ApiError for a refusal and TypeError when the network is down. */
export async function api(path, { method = "GET", body, headers = {}, signal, raw = false } = {}) {
  const t = token();
  const response = await fetch(path, {
    method,
    signal,
    headers: {
      Accept: "application/json, application/geo+json, application/problem+json",
      ...(t ? { Authorization: "Bearer " + t } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      /* not JSON */
    }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/** A new id for an idempotent write (kept with the queued item, so a retry sends the same one). */
export function newId() {
  return crypto.randomUUID();
}
