// Expense API shapes (expenses/api/serializers.py). Money is a decimal string ("120.00"), dates ISO.

export interface ExpenseCategory {
  id: number;
  /** Shown name: the built-in ones come translated until the shop renames them. */
  name: string;
  code: string;
  is_default: boolean;
  active: boolean;
  order: number;
}

export interface ExpenseCategoryPayload {
  name: string;
  active: boolean;
  order: number;
}

export interface ExpenseAttachment {
  id: number;
  original_name: string;
  content_type: string;
  size: number;
  /** API download path (signed-in owners and managers). */
  url: string;
  created_at: string;
}

export interface Expense {
  id: number;
  store: number;
  store_name: string;
  category: number;
  category_name: string;
  amount: string;
  spent_on: string;
  payee: string;
  note: string;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
  voided: boolean;
  voided_at: string | null;
  voided_by: number | null;
  voided_by_name: string | null;
  void_reason: string;
  attachments: ExpenseAttachment[];
}

export interface ExpensePayload {
  store: number;
  category: number;
  amount: string;
  spent_on: string;
  payee: string;
  note: string;
}

export type ExpenseStatus = "active" | "voided" | "all";

export interface ExpenseFilters {
  store?: number;
  category?: number;
  date_from?: string;
  date_to?: string;
  q?: string;
  status?: ExpenseStatus;
}

export interface TotalRow {
  total: string;
  count: number;
}

export interface ExpenseTotals extends TotalRow {
  by_category: (TotalRow & { category: number; name: string })[];
  by_store: (TotalRow & { store: number; name: string })[];
  by_day: (TotalRow & { date: string })[];
}

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf";
