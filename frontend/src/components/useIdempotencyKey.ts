import { useCallback, useEffect, useRef } from "react";
import { isApiError } from "../api/client";

export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // crypto.randomUUID only exists in secure contexts (https, localhost): build a v4 UUID by hand.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True when the operation may have been committed (or must not be repeated under a new key). */
function keepKeyAfter(err: unknown): boolean {
  if (!isApiError(err)) return true;
  return err.status === 0 || err.status >= 500 || err.status === 429 || err.code === "idempotency_conflict";
}

/**
 * An Idempotency-Key for a money-changing dialog: a fresh key each time the dialog opens, kept for
 * every submit of that dialog (a double-click or a retry after a network error replays the same
 * operation). Call `settle(err)` after a call: a success (no error) or an error the server surely
 * did not commit (a 4xx answer such as a validation error or insufficient_balance) makes a new key, so
 * the next submit — for instance with a corrected amount — is a new operation. Network errors, 5xx,
 * 429 and idempotency_conflict (this key already did something) keep the key.
 */
export function useIdempotencyKey(open: boolean) {
  const key = useRef<string>(newIdempotencyKey());
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open && !wasOpen.current) key.current = newIdempotencyKey();
    wasOpen.current = open;
  }, [open]);

  const get = useCallback(() => key.current, []);
  const settle = useCallback((err?: unknown) => {
    if (err !== undefined && keepKeyAfter(err)) return;
    key.current = newIdempotencyKey();
  }, []);
  return { get, settle };
}
