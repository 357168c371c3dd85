import { useCallback, useMemo, useRef } from "react";
import { isApiError } from "../api/client";
import { newIdempotencyKey } from "../components/useIdempotencyKey";

/** True when the operation may have been committed (or must not be repeated under a new key). */
function keepKeyAfter(err: unknown): boolean {
  if (!isApiError(err)) return true;
  return err.status === 0 || err.status >= 500 || err.status === 429 || err.code === "idempotency_conflict";
}

/**
 * Idempotency-Keys for one-click row actions (receive a transfer, place an order): one key per row
 * and attempt, reused when the attempt is retried after a network error, 5xx or 429; a success or
 * a 4xx answer (surely not committed) starts a new key for the next attempt.
 */
export function useRowIdempotency() {
  const keys = useRef(new Map<string | number, string>());
  const get = useCallback((row: string | number) => {
    let key = keys.current.get(row);
    if (!key) {
      key = newIdempotencyKey();
      keys.current.set(row, key);
    }
    return key;
  }, []);
  const settle = useCallback((row: string | number, err?: unknown) => {
    if (err !== undefined && keepKeyAfter(err)) return;
    keys.current.delete(row);
  }, []);
  return useMemo(() => ({ get, settle }), [get, settle]);
}
