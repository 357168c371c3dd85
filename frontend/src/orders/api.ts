import { api } from "../api/client";
import type { Page } from "../api/types";
import type { Order, OrderSummary, Refund } from "../cashier/types";

export interface OrderQuery {
  store?: number;
  customer?: number;
  status?: string;
  date_from?: string;
  date_to?: string;
  q?: string;
  page?: number;
  page_size?: number;
}

function compact(query: OrderQuery): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") out[k] = v as string | number;
  return out;
}

export const listOrders = (query: OrderQuery, signal?: AbortSignal) =>
  api.get<Page<OrderSummary>>("orders/", { query: compact(query), signal });

export const getOrderDetail = (id: number, signal?: AbortSignal) => api.get<Order>(`orders/${id}/`, { signal });

export interface RefundPayload {
  client_id: string;
  reason: string;
  /** Omitted for the whole order. */
  lines?: { line: number; quantity: string }[];
}

export const refundOrder = (id: number, payload: RefundPayload) => api.post<Refund>(`orders/${id}/refund/`, payload);

export const voidOrder = (id: number, payload: { reason: string; client_id: string }) => api.post<Refund>(`orders/${id}/void/`, payload);
