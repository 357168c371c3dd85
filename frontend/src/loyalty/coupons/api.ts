import { api, idempotent } from "../../api/client";
import type { Page } from "../../api/types";
import { listOf } from "../api";
import type { Coupon, CouponReason, CouponTemplate, CouponTemplatePayload } from "./types";

export const listCouponTemplates = () =>
  api.get<CouponTemplate[] | Page<CouponTemplate>>("coupon-templates/", { query: { page_size: 200 } }).then(listOf);
export const createCouponTemplate = (payload: CouponTemplatePayload) => api.post<CouponTemplate>("coupon-templates/", payload);
export const updateCouponTemplate = (id: number, payload: Partial<CouponTemplatePayload>) =>
  api.patch<CouponTemplate>(`coupon-templates/${id}/`, payload);

export const listCustomerCoupons = (customerId: number, signal?: AbortSignal) =>
  api.get<Coupon[] | Page<Coupon>>("coupons/", { query: { customer: customerId, page_size: 200 }, signal }).then(listOf);
export const issueCoupon = (
  payload: { template: number; customer: number; reason: CouponReason; note?: string },
  key: string,
) => api.post<Coupon>("coupons/", payload, idempotent(key));
export const voidCoupon = (code: string, reason: string) =>
  api.post<Coupon>(`coupons/${encodeURIComponent(code)}/void/`, { reason });
export const restoreCoupon = (code: string, reason: string) =>
  api.post<Coupon>(`coupons/${encodeURIComponent(code)}/restore/`, { reason });
