import { api, downloadFile, saveBlob } from "../api/client";
import type { Page } from "../api/types";
import { listOf } from "../loyalty/api";
import type {
  Expense,
  ExpenseCategory,
  ExpenseCategoryPayload,
  ExpenseFilters,
  ExpensePayload,
  ExpenseTotals,
} from "./types";

/** Drop empty filters so they are not sent as `?q=`. */
function compact(query: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") out[k] = v as string | number;
  return out;
}

// Categories (DELETE: 204, or 409 in_use while expenses are filed under it)
export const listExpenseCategories = () =>
  api.get<ExpenseCategory[] | Page<ExpenseCategory>>("expense-categories/", { query: { page_size: 200 } }).then(listOf);
export const createExpenseCategory = (payload: ExpenseCategoryPayload) => api.post<ExpenseCategory>("expense-categories/", payload);
export const updateExpenseCategory = (id: number, payload: Partial<ExpenseCategoryPayload>) =>
  api.patch<ExpenseCategory>(`expense-categories/${id}/`, payload);
export const deleteExpenseCategory = (id: number) => api.delete(`expense-categories/${id}/`);

// Expenses (never deleted: voided with a reason)
export const listExpenses = (filters: ExpenseFilters & { page?: number; page_size?: number }, signal?: AbortSignal) =>
  api.get<Page<Expense>>("expenses/", { query: compact(filters), signal });
export const expenseTotals = (filters: ExpenseFilters, signal?: AbortSignal) =>
  api.get<ExpenseTotals>("expenses/totals/", { query: compact({ ...filters, status: undefined }), signal });
export const createExpense = (payload: ExpensePayload) => api.post<Expense>("expenses/", payload);
export const updateExpense = (id: number, payload: Partial<ExpensePayload>) => api.patch<Expense>(`expenses/${id}/`, payload);
export const voidExpense = (id: number, reason: string) => api.post<Expense>(`expenses/${id}/void/`, { reason });

// Attachments
export function uploadAttachments(id: number, files: File[]): Promise<Expense> {
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  return api.post<Expense>(`expenses/${id}/attachments/`, form);
}
/** The attachment's API path without the /api/v1/ prefix the client adds. */
const relative = (url: string) => url.replace(/^\/api\/v1\//, "");
export const removeAttachment = (url: string) => api.delete<Expense>(relative(url));
export async function downloadAttachment(url: string, name: string): Promise<void> {
  const { blob } = await downloadFile(relative(url));
  saveBlob(blob, name);
}
/** Where an image attachment can be shown in the page (<img src>). */
export const inlineUrl = (url: string) => `${url}?inline=1`;
