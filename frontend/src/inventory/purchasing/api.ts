import { api, idempotent } from "../../api/client";
import type { Page } from "../../api/types";
import { compact, fetchAll } from "../api";
import type {
  DeliveryLinePayload,
  PurchaseOrder,
  PurchaseOrderPayload,
  PurchaseOrderQuery,
  Supplier,
  SupplierPayload,
} from "./types";

// Suppliers (DELETE deactivates)
export const listSuppliers = (query: { q?: string; active?: boolean } = {}, signal?: AbortSignal) =>
  fetchAll<Supplier>("suppliers/", { ...query }, signal);
export const createSupplier = (payload: SupplierPayload) => api.post<Supplier>("suppliers/", payload);
export const updateSupplier = (id: number, payload: Partial<SupplierPayload>) => api.patch<Supplier>(`suppliers/${id}/`, payload);
export const deactivateSupplier = (id: number) => api.delete<Supplier | undefined>(`suppliers/${id}/`);

// Purchase orders: draft → placed (ordered) → received in one or more deliveries; cancel or close
export const listPurchaseOrders = (query: PurchaseOrderQuery, signal?: AbortSignal) =>
  api.get<Page<PurchaseOrder>>("purchase-orders/", { query: compact({ ...query }), signal });
export const getPurchaseOrder = (id: number) => api.get<PurchaseOrder>(`purchase-orders/${id}/`);
export const createPurchaseOrder = (payload: PurchaseOrderPayload) => api.post<PurchaseOrder>("purchase-orders/", payload);
export const updatePurchaseOrder = (id: number, payload: Partial<PurchaseOrderPayload>) =>
  api.patch<PurchaseOrder>(`purchase-orders/${id}/`, payload);
export const placePurchaseOrder = (id: number) => api.post<PurchaseOrder>(`purchase-orders/${id}/place/`);
export const cancelPurchaseOrder = (id: number, reason: string) => api.post<PurchaseOrder>(`purchase-orders/${id}/cancel/`, { reason });

/** A delivery (possibly partial): one receipt movement; the Idempotency-Key replays a retry. */
export const receivePurchaseOrder = (id: number, payload: { lines: DeliveryLinePayload[]; reason: string }, key: string) =>
  api.post<PurchaseOrder>(`purchase-orders/${id}/receive/`, payload, idempotent(key));
/** Received goods back to the supplier (reason required): one return movement. */
export const returnPurchaseOrder = (id: number, payload: { lines: DeliveryLinePayload[]; reason: string }, key: string) =>
  api.post<PurchaseOrder>(`purchase-orders/${id}/return/`, payload, idempotent(key));
