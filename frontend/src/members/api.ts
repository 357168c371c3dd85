import { api } from "../api/client";
import type { Page } from "../api/types";
import type { LedgerEntry } from "../loyalty/types";
import type { CustomerDetail, CustomerPayload, CustomerQuery, CustomerSummary, LedgerQuery } from "./types";

/** Drop empty filters so they are not sent as `?tag=`. */
function compact<T extends object>(query: T): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") out[k] = v as string | number;
  return out;
}

export const listCustomers = (query: CustomerQuery, signal?: AbortSignal) =>
  api.get<Page<CustomerSummary>>("customers/", { query: compact(query), signal });
export const lookupCustomers = (q: string, signal?: AbortSignal) =>
  api.get<{ results: CustomerSummary[] }>("customers/lookup/", { query: { q }, signal });
export const createCustomer = (payload: CustomerPayload) =>
  api.post<CustomerDetail>("customers/", { ...payload, join: true });
export const getCustomer = (id: number | string) => api.get<CustomerDetail>(`customers/${id}/`);
export const updateCustomer = (id: number, payload: Partial<CustomerPayload>) =>
  api.patch<CustomerDetail>(`customers/${id}/`, payload);
export const joinCustomer = (id: number) => api.post<CustomerDetail>(`customers/${id}/join/`);
export const listLedger = (id: number, query: LedgerQuery) =>
  api.get<Page<LedgerEntry>>(`customers/${id}/ledger/`, { query: compact(query) });
