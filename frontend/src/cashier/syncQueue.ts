// Orders taken offline wait in IndexedDB until POST /orders/sync/ accepts them, exactly once
// (the server de-duplicates by client_id). A queued order is only removed after the server
// answered "created" or "duplicate" for it; a failed request never drops anything.

import { useSyncExternalStore } from "react";
import { isApiError, toApiError } from "../api/client";
import { checkoutOrder, syncOrders } from "./api";
import { isOnline, noteResult, subscribeOnline } from "./connectivity";
import { idbDelete, idbSet, idbValues } from "./idb";
import type { CheckoutBody, Order, SyncResult } from "./types";

export const SYNC_BATCH = 100;
const BASE_DELAY = 5_000;
const MAX_DELAY = 5 * 60_000;

export interface QueuedOrder {
  client_id: string;
  body: CheckoutBody;
  /**
   * "sync": rung up offline (has offline_created_at), sent to /orders/sync/ in batches.
   * "checkout": an online checkout whose answer was lost; replayed to /orders/checkout/ with the
   * byte-identical body, so the server returns the first order if it had been written (the server's
   * idempotency fingerprint covers every field, offline_created_at included).
   */
  via: "sync" | "checkout";
  /** When it was queued (ISO). */
  queued_at: string;
  status: "pending" | "attention";
  /** The server's message when it refused the order. */
  error: string | null;
  error_code: string | null;
  attempts: number;
  /** Estimated total shown in the queue list. */
  total: string;
  member_name: string | null;
}

export interface SyncState {
  pending: number;
  attention: QueuedOrder[];
  queued: QueuedOrder[];
  syncing: boolean;
  /** The error of the last failed sync request (network, session), or null. */
  lastError: string | null;
  /** Orders the last sync created, newest first (for the queue list). */
  synced: Order[];
  loaded: boolean;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let state: SyncState = { pending: 0, attention: [], queued: [], syncing: false, lastError: null, synced: [], loaded: false };
let failures = 0;
let timer: number | null = null;
let started = false;
let running: Promise<void> | null = null;
const syncedListeners = new Set<(orders: Order[]) => void>();

function setState(patch: Partial<SyncState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

async function reload(): Promise<QueuedOrder[]> {
  let all: QueuedOrder[] = [];
  try {
    all = await idbValues<QueuedOrder>("queue");
  } catch {
    all = [];
  }
  all.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  setState({
    queued: all,
    pending: all.filter((o) => o.status === "pending").length,
    attention: all.filter((o) => o.status === "attention"),
    loaded: true,
  });
  return all;
}

/** Put an order in the offline queue (it keeps its client_id for ever). */
export async function enqueueOrder(order: Omit<QueuedOrder, "status" | "error" | "error_code" | "attempts" | "queued_at">): Promise<void> {
  const entry: QueuedOrder = {
    ...order,
    queued_at: new Date().toISOString(),
    status: "pending",
    error: null,
    error_code: null,
    attempts: 0,
  };
  await idbSet("queue", entry.client_id, entry);
  await reload();
  schedule(500);
}

/** Put an order that needed attention back in line (e.g. after the stock was fixed). */
export async function retryOrder(clientId: string): Promise<void> {
  const entry = state.queued.find((o) => o.client_id === clientId);
  if (!entry) return;
  await idbSet("queue", clientId, { ...entry, status: "pending", error: null, error_code: null });
  await reload();
  void syncNow();
}

/** Drop an order the server refused, on the cashier's explicit decision. */
export async function discardOrder(clientId: string): Promise<void> {
  const entry = state.queued.find((o) => o.client_id === clientId);
  if (!entry || entry.status !== "attention") return;
  await idbDelete("queue", clientId);
  await reload();
}

function errorText(error: SyncResult["error"]): string {
  if (!error) return "";
  const parts = [error.message || error.detail || ""];
  for (const messages of Object.values(error.fields ?? {})) {
    for (const m of Array.isArray(messages) ? messages : [messages]) if (m && !parts.includes(String(m))) parts.push(String(m));
  }
  return parts.filter(Boolean).join(" ") || error.code || "";
}

/** A failure that says nothing about the order itself: keep it and try again later. */
function keepPending(err: unknown): boolean {
  if (!isApiError(err)) return true;
  if (err.status === 0 || err.status >= 500 || err.status === 429 || err.status === 401) return true;
  return err.status === 403 && /not_authenticated|authentication|csrf/i.test(err.code);
}

function schedule(delay: number): void {
  if (timer !== null) window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    timer = null;
    void syncNow();
  }, delay);
}

function backoff(): void {
  failures += 1;
  schedule(Math.min(MAX_DELAY, BASE_DELAY * 2 ** Math.min(failures - 1, 10)));
}

async function runSync(): Promise<void> {
  const all = await reload();
  const pending = all.filter((o) => o.status === "pending");
  if (!pending.length) {
    failures = 0;
    return;
  }
  if (!isOnline() && typeof navigator !== "undefined" && !navigator.onLine) {
    backoff();
    return;
  }
  setState({ syncing: true });
  const created: Order[] = [];
  try {
    // Lost online checkouts first, one by one, with their original body.
    for (const order of pending.filter((o) => o.via === "checkout")) {
      try {
        const result = await checkoutOrder(order.body);
        noteResult();
        await idbDelete("queue", order.client_id);
        created.push(result);
      } catch (err) {
        noteResult(err);
        if (keepPending(err)) {
          setState({ lastError: toApiError(err).message });
          backoff();
          return;
        }
        const e = toApiError(err);
        await idbSet("queue", order.client_id, {
          ...order,
          status: "attention",
          attempts: order.attempts + 1,
          error: errorText({ message: e.message, code: e.code, fields: e.fields }),
          error_code: e.code,
        });
      }
    }
    const offline = pending.filter((o) => o.via !== "checkout");
    for (let i = 0; i < offline.length; i += SYNC_BATCH) {
      const batch = offline.slice(i, i + SYNC_BATCH);
      let results: SyncResult[];
      try {
        results = (await syncOrders(batch.map((o) => o.body))).results ?? [];
        noteResult();
      } catch (err) {
        noteResult(err);
        setState({ lastError: toApiError(err).message });
        backoff();
        return;
      }
      const byId = new Map(results.map((r) => [String(r.client_id), r]));
      for (const order of batch) {
        const result = byId.get(order.client_id);
        if (!result) {
          // Not answered for: keep it pending, it goes again next time.
          await idbSet("queue", order.client_id, { ...order, attempts: order.attempts + 1 });
        } else if (result.status === "created" || result.status === "duplicate") {
          await idbDelete("queue", order.client_id);
          if (result.order && result.status === "created") created.push(result.order);
        } else {
          await idbSet("queue", order.client_id, {
            ...order,
            status: "attention",
            attempts: order.attempts + 1,
            error: errorText(result.error),
            error_code: result.error?.code ?? null,
          });
        }
      }
    }
    failures = 0;
    setState({ lastError: null });
  } finally {
    setState({ syncing: false });
    const after = await reload();
    if (created.length) {
      setState({ synced: [...created.reverse(), ...state.synced].slice(0, 20) });
      for (const l of syncedListeners) l(created);
    }
    // Some stayed pending (unanswered): try again later.
    if (after.some((o) => o.status === "pending") && timer === null) backoff();
  }
}

/** Send every pending order now (one run at a time; across tabs too when Web Locks exist). */
export function syncNow(): Promise<void> {
  if (running) return running;
  const locks = (navigator as Navigator & { locks?: { request: (name: string, cb: () => Promise<void>) => Promise<void> } }).locks;
  const run = (): Promise<void> => runSync().catch(() => backoff());
  const started: Promise<void> = ((locks ? locks.request("huiyuan-order-sync", run) : run()) as Promise<void>).finally(() => {
    running = null;
  });
  running = started;
  return started;
}

/** Start the engine once: load the queue, sync when the connection returns and periodically. */
export function startSync(): void {
  if (started || typeof window === "undefined") return;
  started = true;
  void reload().then(() => void syncNow());
  let wasOnline = isOnline();
  subscribeOnline(() => {
    const now = isOnline();
    if (now && !wasOnline) {
      failures = 0;
      void syncNow();
    }
    wasOnline = now;
  });
  // Another tab may have queued or synced orders.
  window.addEventListener("focus", () => void reload());
}

export function onOrdersSynced(listener: (orders: Order[]) => void): () => void {
  syncedListeners.add(listener);
  return () => syncedListeners.delete(listener);
}

function subscribe(listener: Listener): () => void {
  startSync();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSyncState(): SyncState {
  return useSyncExternalStore(subscribe, () => state, () => state);
}
