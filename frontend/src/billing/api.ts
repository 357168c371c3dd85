import { api } from "../api/client";
import type { BillingSummary, InvoiceList } from "./types";

// Owner only. Checkout and Portal answer a Stripe URL to send the browser to.
export const getBillingSummary = (signal?: AbortSignal) => api.get<BillingSummary>("billing/", { signal });
export const listInvoices = (signal?: AbortSignal) => api.get<InvoiceList>("billing/invoices/", { signal });
export const startCheckout = () => api.post<{ url: string }>("billing/checkout/");
export const openPortal = () => api.post<{ url: string }>("billing/portal/");
