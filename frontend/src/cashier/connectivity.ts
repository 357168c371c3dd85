// Online / offline state of the device: navigator.onLine plus what real requests tell us (a fetch
// that fails at the network level means offline even when the browser thinks it is online).

import { useSyncExternalStore } from "react";
import { API_BASE, isApiError } from "../api/client";

type Listener = () => void;

let online = typeof navigator === "undefined" ? true : navigator.onLine;
const listeners = new Set<Listener>();
let probeTimer: number | null = null;
let started = false;

function emit(): void {
  for (const l of listeners) l();
}

function setOnline(next: boolean): void {
  if (next === online) return;
  online = next;
  emit();
  if (!online) scheduleProbe();
}

function scheduleProbe(delay = 10_000): void {
  if (probeTimer !== null) return;
  probeTimer = window.setTimeout(() => {
    probeTimer = null;
    void probe();
  }, delay);
}

/** Ask the server whether it is reachable; updates the state and answers it. */
export async function probe(): Promise<boolean> {
  if (typeof navigator !== "undefined" && !navigator.onLine) {
    setOnline(false);
    scheduleProbe();
    return false;
  }
  try {
    const response = await fetch(`${API_BASE}auth/csrf/`, { credentials: "same-origin", cache: "no-store" });
    // Any HTTP answer means the server is reachable.
    void response.body?.cancel();
    setOnline(true);
    return true;
  } catch {
    setOnline(false);
    scheduleProbe();
    return false;
  }
}

/** Record the outcome of an API call: a network error means offline, any answer means online. */
export function noteResult(err?: unknown): void {
  if (err === undefined) setOnline(true);
  else if (isApiError(err) && err.status === 0) setOnline(false);
  else if (isApiError(err)) setOnline(true);
}

export function isNetworkError(err: unknown): boolean {
  return isApiError(err) && err.status === 0;
}

export function isOnline(): boolean {
  return online;
}

export function subscribeOnline(listener: Listener): () => void {
  startConnectivity();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startConnectivity(): void {
  if (started || typeof window === "undefined") return;
  started = true;
  window.addEventListener("online", () => void probe());
  window.addEventListener("offline", () => setOnline(false));
}

/** React hook: true while the server is believed reachable. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, isOnline, () => true);
}
