// Store pickers of the stock actions the server limits to the stores a staff member works in
// (receive, write off, return, adjust, transfer out, purchase orders, stocktakes: ensure_store_allowed,
// 403 store_not_allowed). Read-only filters (stock, movements, lists) keep every store: the server
// shows every store's stock to managers.

import { useMemo } from "react";
import { allowedStores, sessionStoreIds } from "../app/storeAccess";
import { useSession } from "../auth/SessionProvider";
import type { Store } from "../catalog/types";

/**
 * `stores` limited to the ones the user may act on (`keep` always stays; nothing is hidden when the
 * limit would leave no store). The result only changes with the stores or the limit itself, not
 * with every session refresh, so a form that resets on it is not reset while open.
 */
export function useActionStores(stores: Store[], keep?: number | null): Store[] {
  const { session } = useSession();
  const limit = sessionStoreIds(session)?.join(",") ?? null;
  return useMemo(
    () => allowedStores(stores, session, keep),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the limit, not the session object
    [stores, limit, keep],
  );
}

/** `preferred` when it is among `choices`, else the first active choice (or none). */
export function pickStore(choices: Store[], preferred?: number | null): number | undefined {
  if (preferred != null && choices.some((s) => s.id === preferred)) return preferred;
  return (choices.find((s) => s.active) ?? choices[0])?.id;
}
