// Which stores the signed-in staff member works in, from the session payload's `stores`:
// null (or missing, from a server that does not send it yet) = every store; else the store ids.
// The server refuses the others anyway (403 store_not_allowed); pickers just do not offer them.

import type { Session } from "../api/types";

/** The session payload with the field the server adds (`GET /api/v1/auth/session/`). */
export type SessionWithStores = Session & { stores?: number[] | null };

/** The ids of the stores the user may work in, or null for every store. */
export function sessionStoreIds(session: Session | null | undefined): number[] | null {
  const stores = (session as SessionWithStores | null | undefined)?.stores;
  return Array.isArray(stores) ? stores.map(Number) : null;
}

/**
 * `stores` limited to the ones the user works in. `keep` (e.g. the store currently selected) always
 * stays, and nothing is hidden when the limit would leave no store at all: the server decides then.
 */
export function allowedStores<T extends { id: number }>(stores: T[], session: Session | null | undefined, keep?: number | null): T[] {
  const ids = sessionStoreIds(session);
  if (!ids) return stores;
  const allowed = new Set(ids);
  const limited = stores.filter((s) => allowed.has(s.id) || s.id === keep);
  return limited.length ? limited : stores;
}
