// Coupon API shapes (loyalty/api/coupons.py).

export type CouponKind = "amount" | "percent";
export type CouponStatus = "issued" | "used" | "void" | "expired";
export type CouponReason = "manual" | "campaign" | "reward";

export interface CouponTemplate {
  id: number;
  name: string;
  kind: CouponKind;
  value: string;
  max_discount: string | null;
  threshold: string;
  products: string[];
  categories: string[];
  valid_from: string | null;
  valid_until: string | null;
  valid_days: number | null;
  per_member_limit: number | null;
  points_cost: string;
  active: boolean;
  created_at: string;
}

export type CouponTemplatePayload = Omit<CouponTemplate, "id" | "created_at">;

export interface Coupon {
  id: number;
  code: string;
  template: number;
  template_name: string;
  customer: number;
  customer_name: string;
  status: CouponStatus;
  issue_reason: CouponReason;
  issued_by: number | null;
  note: string;
  issued_at: string;
  valid_from: string | null;
  valid_until: string | null;
  reservation: number | null;
  closed_at: string | null;
  close_reason: string;
}

export function couponStatusColor(status: string): string {
  if (status === "issued") return "success";
  if (status === "used") return "blue";
  if (status === "void") return "error";
  return "default";
}
