// The landing page: health, the overview in one line, and the pages this token may open.
import { api } from "../shared/api.js";
import { startPage } from "../shared/ui.js";

const ready = document.getElementById("ready");
try {
  const r = await fetch("/readyz");
  const body = await r.json();
  ready.textContent = body.status + " (" + Object.entries(body.checks).map(([k, v]) => k + ": " + v.description).join("; ") + ")";
} catch {
  ready.textContent = "unreachable";
}

const who = startPage("home");
const overview = document.getElementById("overview");
if (!who) {
  overview.textContent = "no token: open the address `run.sh` printed, or mint one with `gridgov token`";
} else {
  try {
    const o = await api("/api/v1/overview");
    overview.textContent = `${o.name}: ${o.totals.cells} cells, ${o.totals.properties} properties, ${o.totals.people} people, ${o.totals.openAlerts} open alerts (${o.totals.redAlerts} red)`;
  } catch (error) {
    overview.textContent = error.status === 401 ? "the token was refused (expired or signed with another key)" : error.status ? "HTTP " + error.status : String(error);
  }
}
