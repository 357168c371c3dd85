// Stocktake sessions (platform/inventory/api/serializers.py). Quantities are decimal strings.

export type StocktakeStatus = "counting" | "submitted" | "approved" | "cancelled";

export const STOCKTAKE_STATUSES: readonly StocktakeStatus[] = ["counting", "submitted", "approved", "cancelled"];

export interface StocktakeLine {
  id: number;
  product: number;
  product_name: string;
  sku: string | null;
  /** On hand when the line was added, refreshed when a count is entered. */
  expected: string;
  /** null until counted. */
  counted: string | null;
  difference: string | null;
  unit_cost: string;
  /** Difference × average cost (money, 2 decimals); null until counted. */
  difference_value: string | null;
  counted_by: number | null;
  counted_at: string | null;
}

export interface Stocktake {
  id: number;
  number: string;
  store: number;
  store_name: string;
  category: number | null;
  status: StocktakeStatus;
  note: string;
  created_by: number | null;
  approved_by: number | null;
  /** The adjustment movement booked at approval (null when nothing differed). */
  movement: number | null;
  created_at: string;
  submitted_at: string | null;
  approved_at: string | null;
  cancelled_at: string | null;
  lines_total: number;
  lines_counted: number;
  lines_with_difference: number;
  difference_value: string;
}

export interface StocktakeDetail extends Stocktake {
  lines: StocktakeLine[];
}

export interface StocktakeQuery {
  store?: number;
  status?: StocktakeStatus;
  page?: number;
  page_size?: number;
}
