// What the device keeps for offline selling: the cashier bootstrap (catalog, settings, staff, modes)
// and the compact member index, both in IndexedDB.

import { getBootstrap, getMemberIndexPage } from "./api";
import { noteResult } from "./connectivity";
import { idbGet, idbReplaceAll, idbSet, idbValues } from "./idb";
import type { CashierBootstrap, MemberIndexEntry, MemberIndexPage } from "./types";

const BOOTSTRAP_KEY = (store: number | "last") => `bootstrap:${store}`;
const MEMBERS_SYNCED_KEY = "members:syncedAt";
const MEMBER_REFRESH_MS = 10 * 60 * 1000;

export interface LoadedBootstrap {
  data: CashierBootstrap;
  /** True when it came from the device cache (the server could not be reached). */
  cached: boolean;
}

export async function cachedBootstrap(store?: number): Promise<CashierBootstrap | undefined> {
  try {
    if (store !== undefined) {
      const exact = await idbGet<CashierBootstrap>("cache", BOOTSTRAP_KEY(store));
      if (exact) return exact;
    }
    return await idbGet<CashierBootstrap>("cache", BOOTSTRAP_KEY("last"));
  } catch {
    return undefined;
  }
}

/** The bootstrap from the server (then cached), else from the device when the network fails. */
export async function loadBootstrap(store?: number, signal?: AbortSignal): Promise<LoadedBootstrap> {
  try {
    const data = await getBootstrap(store, signal);
    noteResult();
    try {
      if (data.store) await idbSet("cache", BOOTSTRAP_KEY(data.store.id), data);
      await idbSet("cache", BOOTSTRAP_KEY("last"), data);
    } catch {
      // Private mode or quota: selling online still works.
    }
    return { data, cached: false };
  } catch (err) {
    noteResult(err);
    const cached = await cachedBootstrap(store);
    if (cached) return { data: cached, cached: true };
    throw err;
  }
}

// ---- Member index ----

let memberCache: MemberIndexEntry[] | null = null;
let refreshing: Promise<number> | null = null;

async function allMembers(): Promise<MemberIndexEntry[]> {
  if (memberCache) return memberCache;
  try {
    memberCache = await idbValues<MemberIndexEntry>("members");
  } catch {
    memberCache = [];
  }
  return memberCache;
}

/** Download the whole member index (cursor pages) and replace the device copy; answers the count. */
export function refreshMemberIndex(force = false): Promise<number> {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      if (!force) {
        const last = await idbGet<number>("cache", MEMBERS_SYNCED_KEY).catch(() => undefined);
        if (last && Date.now() - last < MEMBER_REFRESH_MS) return (await allMembers()).length;
      }
      const members: MemberIndexEntry[] = [];
      let next: string | number | null | undefined = undefined;
      for (let guard = 0; guard < 100_000; guard += 1) {
        const page: MemberIndexPage = await getMemberIndexPage(next);
        members.push(...page.results);
        next = page.next;
        if (next === null || next === undefined || next === "" || !page.results.length) break;
      }
      await idbReplaceAll(
        "members",
        members.map((m) => [String(m.id), m]),
      );
      await idbSet("cache", MEMBERS_SYNCED_KEY, Date.now());
      memberCache = members;
      return members.length;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function digits(text: string): string {
  return text.replace(/\D/g, "");
}

/** Offline lookup: card number, member number, phone (whole, prefix or last digits) or name. */
export async function searchMemberIndex(query: string, limit = 20): Promise<MemberIndexEntry[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const members = await allMembers();
  const qDigits = digits(q);
  const phoneLike = qDigits.length >= 3 && /^[\d\s\-+()]+$/.test(q);
  const exact: MemberIndexEntry[] = [];
  const partial: MemberIndexEntry[] = [];
  for (const m of members) {
    const cards = (m.cards ?? []).map((c) => c.toLowerCase());
    if (cards.includes(q) || (m.member_no ?? "").toLowerCase() === q) {
      exact.push(m);
      continue;
    }
    const phone = digits(m.phone ?? "");
    if (phoneLike && phone && (phone === qDigits || phone.endsWith(qDigits) || phone.startsWith(qDigits))) {
      (phone === qDigits ? exact : partial).push(m);
      continue;
    }
    if ((m.name ?? "").toLowerCase().includes(q) || (m.member_no ?? "").toLowerCase().startsWith(q)) partial.push(m);
    if (exact.length + partial.length >= limit * 5) break;
  }
  return [...exact, ...partial].slice(0, limit);
}

/** A member whose card number or member number is exactly `code` (a scanned member card). */
export async function memberByCode(code: string): Promise<MemberIndexEntry | undefined> {
  const q = code.trim().toLowerCase();
  if (!q) return undefined;
  const members = await allMembers();
  return members.find((m) => (m.cards ?? []).some((c) => c.toLowerCase() === q) || (m.member_no ?? "").toLowerCase() === q);
}

export async function memberFromIndex(id: number): Promise<MemberIndexEntry | undefined> {
  const members = await allMembers();
  return members.find((m) => m.id === id);
}
