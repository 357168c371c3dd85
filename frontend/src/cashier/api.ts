import { ApiError, api } from "../api/client";
import { getCurrentLang, t } from "../i18n";
import type { Page } from "../api/types";
import type {
  CashierBootstrap,
  CheckoutBody,
  MemberIndexPage,
  Order,
  OrderBody,
  Quote,
  SyncResult,
  TimedSession,
} from "./types";

export const getBootstrap = (store?: number, signal?: AbortSignal) =>
  api.get<CashierBootstrap>("cashier/bootstrap/", { query: { store }, signal });

/**
 * One page of the member index. `next` of the previous page is passed back as is: a URL (its query
 * is reused) or a bare token (sent as `after`, which the server reads, and `cursor`, as documented).
 */
export function getMemberIndexPage(next?: string | number | null, signal?: AbortSignal) {
  const query: Record<string, string> = {};
  if (next !== undefined && next !== null && next !== "") {
    const text = String(next);
    if (text.includes("?")) {
      new URL(text, window.location.origin).searchParams.forEach((v, k) => (query[k] = v));
    } else {
      query.after = text;
      query.cursor = text;
    }
  }
  return api.get<MemberIndexPage>("cashier/members/", { query, signal });
}

export const quoteOrder = (body: OrderBody, signal?: AbortSignal) => api.post<Quote>("orders/quote/", body, { signal });

export const checkoutOrder = (body: CheckoutBody) => api.post<Order>("orders/checkout/", body);

export const syncOrders = (orders: CheckoutBody[]) => api.post<{ results: SyncResult[] }>("orders/sync/", { orders });

export const getOrder = (id: number, signal?: AbortSignal) => api.get<Order>(`orders/${id}/`, { signal });

export function receiptUrl(id: number, width: 58 | 80): string {
  return `/api/v1/orders/${id}/receipt/?width=${width}`;
}

/**
 * The printable receipt's HTML. It is shown through an iframe's srcdoc rather than its src because
 * the server answers with X-Frame-Options: DENY (Django's default), which blocks framing it.
 */
export async function fetchReceiptHtml(id: number, width: 58 | 80): Promise<string> {
  let response: Response;
  try {
    response = await fetch(receiptUrl(id, width), {
      credentials: "same-origin",
      headers: { Accept: "text/html", "Accept-Language": getCurrentLang() },
    });
  } catch {
    throw new ApiError(0, "network_error", t("error.network"));
  }
  if (!response.ok) throw new ApiError(response.status, "error", response.status === 404 ? t("error.notFound") : t("error.unknown"));
  return response.text();
}

// Timed sessions
export const listTimedSessions = (store: number, status: "open" | "closed", signal?: AbortSignal) =>
  api
    .get<TimedSession[] | Page<TimedSession>>("timed-sessions/", { query: { status, store, page_size: 200 }, signal })
    .then((data) => (Array.isArray(data) ? data : data.results));
export const checkIn = (payload: { store: number; product: number; customer?: number | null; card?: number | null; label: string }) =>
  api.post<TimedSession>("timed-sessions/", payload);
export const checkOut = (id: number) => api.post<TimedSession>(`timed-sessions/${id}/check-out/`);
export const cancelTimedSession = (id: number) => api.post<TimedSession>(`timed-sessions/${id}/cancel/`);
