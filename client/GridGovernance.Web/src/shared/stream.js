// The live stream (GET /api/v1/events, server-sent events) with the bearer token in a header (EventSource
// cannot send one). Resumes from the last event id after a drop; when the server no longer has that id
// (400), the page reloads its figures and the stream starts afresh.
import { fetchEventSource } from "@microsoft/fetch-event-source";
import { token } from "./api.js";

class Fatal extends Error {}

/**
 * Follows the stream until signal aborts. onEvent(name, data, id) for each event; onState("live" |
 * "reconnecting" | "resync") as the connection changes; on "resync" the caller reloads what it shows.
 */
export function follow(path, { onEvent, onState, signal }) {
  let lastId = null;
  const run = () =>
    fetchEventSource(path, {
      signal,
      openWhenHidden: true,
      headers: {
        Authorization: "Bearer " + token(),
        ...(lastId ? { "Last-Event-ID": lastId } : {}),
      },
      async onopen(response) {
        if (response.ok) {
          onState?.("live");
          return;
        }
        if (response.status === 400 && lastId) {
          lastId = null;
          onState?.("resync");
          throw new Error("resync");
        }
        if (response.status === 401 || response.status === 403) throw new Fatal(`HTTP ${response.status}`);
        throw new Error(`HTTP ${response.status}`);
      },
      onmessage(message) {
        if (message.id) lastId = message.id;
        if (!message.event && !message.data) return;
        let data = null;
        try {
          data = message.data ? JSON.parse(message.data) : null;
        } catch {
          data = message.data;
        }
        onEvent(message.event || "message", data, message.id);
      },
      onerror(error) {
        if (error instanceof Fatal) throw error;
        onState?.("reconnecting");
        return 2000;
      },
    });
  return run();
}
