// The worker page's outbox: field work recorded offline waits in IndexedDB (it survives a closed tab or a
// flat battery) and is sent with POST /api/v1/sync when the network is back. Each item keeps the id it was
// given when recorded, so a batch sent twice is applied once (the server answers "duplicate").
import { createStore, get, set } from "idb-keyval";

const store = createStore("gridgov-worker", "outbox");
const KEY = "items";

export async function pending() {
  return (await get(KEY, store)) ?? [];
}

export async function enqueue(item) {
  const items = await pending();
  if (!items.some(i => i.itemId === item.itemId)) items.push(item);
  await set(KEY, items, store);
  return items.length;
}

/** Removes the items the server settled (accepted, duplicate, conflict, rejected); keeps the rest. */
export async function settle(itemIds) {
  const done = new Set(itemIds);
  const items = (await pending()).filter(i => !done.has(i.itemId));
  await set(KEY, items, store);
  return items.length;
}
