// Shapes of the billing API (/api/v1/billing/…) and of `billing` in /api/v1/auth/session/.

export type BillingStatus = "trialing" | "active" | "past_due" | "unpaid" | "canceled" | "incomplete";
export type BillingAccess = "full" | "warning" | "read_only";

/** `session.billing`: drives the banner in the app shell. `status` is null for shops never billed. */
export interface SessionBilling {
  status: BillingStatus | null;
  access: BillingAccess;
  grace_ends_at: string | null;
  trial_ends_at: string | null;
}

export interface BillingPlan {
  code: string;
  name: string;
  currency: string;
  seat_price: string;
  trial_days: number;
}

export interface NextInvoice {
  error: boolean;
  amount_due?: string | null;
  total?: string | null;
  currency?: string;
  period_end?: string | null;
  next_payment_attempt?: string | null;
}

export interface BillingSummary {
  configured: boolean;
  status: BillingStatus;
  access: BillingAccess;
  plan: BillingPlan | null;
  seats: number;
  seats_billed: number | null;
  seats_in_sync: boolean;
  monthly_estimate: string | null;
  trial_ends_at: string | null;
  grace_ends_at: string | null;
  current_period_end: string | null;
  canceled_at: string | null;
  has_subscription: boolean;
  has_customer: boolean;
  can_checkout: boolean;
  next_invoice: NextInvoice | null;
}

export interface Invoice {
  id: string;
  number: string;
  status: string;
  created: string | null;
  period_start: string | null;
  period_end: string | null;
  currency: string;
  total: string | null;
  amount_due: string | null;
  amount_paid: string | null;
  hosted_invoice_url: string;
  invoice_pdf: string;
}

export interface InvoiceList {
  configured: boolean;
  results: Invoice[];
  has_more: boolean;
}
