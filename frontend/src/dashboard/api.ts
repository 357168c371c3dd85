import { api } from "../api/client";

// GET /api/v1/dashboard/ (DashboardOutput in docs/api/openapi-tenant.yaml). Money is a decimal string.

export type PaymentMethod = "cash" | "card" | "stored_value" | "points" | "other";
export type OrderStatus = "paid" | "partially_refunded" | "refunded" | "voided";

export interface DashboardSales {
  orders: number;
  total: string;
  /** Refunds and voids made today (of any day's orders). */
  refunds: string;
  net: string;
  /** Average order total. */
  average: string;
}

export interface DashboardPayment {
  /** A PaymentMethod; typed as string so a method added later still shows (untranslated). */
  method: string;
  amount: string;
}

export interface DashboardHour {
  /** 0–23, the shop's local time. */
  hour: number;
  total: string;
  orders: number;
}

export interface DashboardRecentOrder {
  id: number;
  number: string;
  created_at: string;
  customer_name: string | null;
  total: string;
  status: OrderStatus | string;
}

export interface Dashboard {
  /** The shop's day these figures are for (YYYY-MM-DD). */
  date: string;
  sales: DashboardSales;
  /** Today's payments by method, biggest first. */
  payments: DashboardPayment[];
  /** Only the hours that had orders. */
  by_hour: DashboardHour[];
  members: { total: number; new_today: number };
  stored_value_topped_up: string;
  /** Stock levels at or below their alert threshold. */
  low_stock: number;
  /** This month so far; null for cashiers (they may not see expenses). */
  expenses_month: string | null;
  /** The latest orders of the day, at most 5. */
  recent_orders: DashboardRecentOrder[];
}

/** The day at a glance; `date` (YYYY-MM-DD) defaults to the shop's today. */
export const getDashboard = (date?: string, signal?: AbortSignal) =>
  api.get<Dashboard>("dashboard/", { query: { date }, signal });
