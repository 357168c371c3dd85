// Display helpers for orders and quotes: the server's shapes (orders/api/serializers.py) with the
// docs/orders.md shapes as fallbacks. Sums here are display only, in exact decimals.

import { dec, fmt, sum } from "./decimal";
import type { Order, OrderLine, OrderSummary, Quote } from "./types";

export function discountTotal(q: Quote): string {
  if (q.discount_total != null) return q.discount_total;
  return fmt(sum([dec(q.tier_discount), dec(q.coupon_discount), dec(q.manual_discount)]));
}

export function customerName(o: OrderSummary): string | null {
  if (o.customer && typeof o.customer === "object") return o.customer.name;
  return o.customer_name ?? null;
}

export function customerId(o: OrderSummary): number | null {
  if (o.customer && typeof o.customer === "object") return o.customer.id;
  return typeof o.customer === "number" ? o.customer : null;
}

export function memberNo(o: Order): string | null {
  if (o.customer && typeof o.customer === "object") return o.customer.member_no;
  return o.customer_member_no ?? null;
}

export function storeName(o: OrderSummary): string {
  if (o.store && typeof o.store === "object") return o.store.name;
  return o.store_name ?? String(o.store ?? "");
}

export function cashierName(o: OrderSummary): string | null {
  if (o.cashier && typeof o.cashier === "object") return o.cashier.name;
  return o.cashier_name ?? null;
}

/** Staff of a line with their share and commission. */
export function lineStaff(line: OrderLine): { id: number; name: string; share: string; commission: string | null }[] {
  if (line.commissions) {
    return line.commissions
      .filter((c) => c.refund == null)
      .map((c) => ({ id: c.staff, name: c.name, share: c.share, commission: c.amount }));
  }
  return (line.staff ?? []).map((s) => ({ id: s.user, name: s.name, share: s.share, commission: s.commission ?? null }));
}

/** What is left to refund of a line (quantity). */
export function refundableQuantity(line: OrderLine): string {
  const left = dec(line.quantity) - dec(line.refunded_quantity ?? "0");
  return fmt(left > 0n ? left : 0n, 3).replace(/\.?0+$/, "") || "0";
}

export const ORDER_STATUSES = ["paid", "partially_refunded", "refunded", "voided"] as const;

export function statusColor(status: string): string {
  switch (status) {
    case "paid":
      return "success";
    case "partially_refunded":
      return "warning";
    case "refunded":
      return "default";
    case "voided":
      return "error";
    default:
      return "default";
  }
}
