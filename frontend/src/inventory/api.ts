import { api, idempotent } from "../api/client";
import type { Page } from "../api/types";
import type {
  AdjustPayload,
  InventorySettings,
  MovementQuery,
  ReceivePayload,
  RemovePayload,
  StockLevel,
  StockMovement,
  StockQuery,
  Transfer,
  TransferPayload,
} from "./types";

type Query = Record<string, string | number | boolean | undefined | null>;

/** Drop empty filters so they are not sent as `?q=`. */
export function compact(query: Query): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "" && v !== false) out[k] = v;
  return out;
}

/** Every page of a paginated list (200 rows a request), for screens that search or sum in the browser. */
export async function fetchAll<T>(path: string, query: Query, signal?: AbortSignal): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; page <= 100; page += 1) {
    const result = await api.get<Page<T> | T[]>(path, { query: compact({ ...query, page, page_size: 200 }), signal });
    if (Array.isArray(result)) return result;
    rows.push(...result.results);
    if (!result.next) break;
  }
  return rows;
}

// Stock levels (any staff reads; owners and managers move stock, always with an Idempotency-Key)
export const listStockLevels = (query: StockQuery, signal?: AbortSignal) =>
  api.get<Page<StockLevel>>("stock/", { query: compact({ ...query }), signal });
export const listAllStockLevels = (query: Omit<StockQuery, "page" | "page_size">, signal?: AbortSignal) =>
  fetchAll<StockLevel>("stock/", { ...query }, signal);
export const updateStockLevel = (id: number, payload: { low_stock_threshold: string | null }) =>
  api.patch<StockLevel>(`stock/levels/${id}/`, payload);
export const receiveStock = (payload: ReceivePayload, key: string) =>
  api.post<StockMovement>("stock/receive/", payload, idempotent(key));
export const removeStock = (payload: RemovePayload, key: string) =>
  api.post<StockMovement>("stock/remove/", payload, idempotent(key));
export const adjustStock = (payload: AdjustPayload, key: string) =>
  api.post<StockMovement>("stock/adjust/", payload, idempotent(key));

// Movements (the append-only ledger)
export const listMovements = (query: MovementQuery, signal?: AbortSignal) =>
  api.get<Page<StockMovement>>("stock/movements/", { query: compact({ ...query }), signal });
export const getMovement = (id: number) => api.get<StockMovement>(`stock/movements/${id}/`);
export const reverseMovement = (id: number, reason: string, key: string) =>
  api.post<StockMovement>(`stock/movements/${id}/reverse/`, { reason }, idempotent(key));

// Transfers between stores
export const listTransfers = (query: { status?: string; page?: number; page_size?: number }, signal?: AbortSignal) =>
  api.get<Page<Transfer>>("stock/transfers/", { query: compact({ ...query }), signal });
export const createTransfer = (payload: TransferPayload, key: string) =>
  api.post<Transfer>("stock/transfers/", payload, idempotent(key));
export const receiveTransfer = (id: number, key: string) =>
  api.post<Transfer>(`stock/transfers/${id}/receive/`, undefined, idempotent(key));

// Settings (owner changes)
export const getInventorySettings = () => api.get<InventorySettings>("stock/settings/");
export const updateInventorySettings = (payload: Partial<InventorySettings>) =>
  api.patch<InventorySettings>("stock/settings/", payload);
