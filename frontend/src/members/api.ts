import { api, downloadFile } from "../api/client";
import type { Page } from "../api/types";
import type { LedgerEntry } from "../loyalty/types";
import type { CustomerDetail, CustomerPayload, CustomerQuery, CustomerSummary, ImportResult, LedgerQuery } from "./types";

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

// Custom fields: JSON Schema of customer.extra (the shop's fields under properties.custom).
export const getCustomerSchema = (signal?: AbortSignal) =>
  api.get<{ schema: Record<string, unknown> }>("customers/schema/", { signal });

// Photo (multipart upload; the answer is the customer with photo_url)
export function uploadPhoto(id: number, file: Blob) {
  const body = new FormData();
  body.append("photo", file);
  return api.post<CustomerDetail>(`customers/${id}/photo/`, body);
}
export const removePhoto = (id: number) => api.delete<CustomerDetail>(`customers/${id}/photo/`);

// Merge `remove` into `id` (owner or manager)
export const mergeCustomer = (id: number, remove: number, reason: string) =>
  api.post<{ id: number; name: string; member_no: string | null }>(`customers/${id}/merge/`, { remove, reason });

// Import (dry run 200, commit 201) and export (owner or manager)
export function importCustomers(file: File, dryRun: boolean, batch?: string) {
  const body = new FormData();
  body.append("file", file);
  body.append("dry_run", dryRun ? "true" : "false");
  if (batch) body.append("batch", batch);
  return api.post<ImportResult>("customers/import/", body);
}
export const exportCustomers = (format: "csv" | "xlsx") => downloadFile("customers/export/", { format });
