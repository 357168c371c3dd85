import { Alert, Button } from "antd";
import { useNavigate } from "react-router-dom";
import type { Session } from "../api/types";
import { formatDateTime } from "../components/format";
import { useI18n } from "../i18n";
import type { SessionBilling } from "./types";

/** `billing` from /auth/session/ (typed here so the shared Session type stays untouched). */
export function sessionBilling(session: Session | null | undefined): SessionBilling | null {
  return (session as (Session & { billing?: SessionBilling }) | null | undefined)?.billing ?? null;
}

/**
 * Shown at the top of every page when the subscription needs attention: "warning" (payment
 * failed, grace period running) or "read_only" (writes refused until the owner pays).
 */
export function BillingBanner({ session }: { session: Session | null }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const billing = sessionBilling(session);
  if (!billing || billing.access === "full" || !session?.user) return null;
  const isOwner = session.user.role === "owner";
  const zone = session.tenant.time_zone;
  const readOnly = billing.access === "read_only";
  const date = formatDateTime(billing.grace_ends_at ?? billing.trial_ends_at, lang, zone) ?? "";

  let message: string;
  if (readOnly) {
    message = billing.status === "trialing" ? t("billing.banner.trialOver") : t("billing.banner.readOnly");
  } else if (billing.status === "incomplete") {
    message = t("billing.banner.incomplete");
  } else {
    message = t("billing.banner.pastDue", { date });
  }
  const hint = isOwner ? t("billing.banner.ownerHint") : t("billing.banner.staffHint");

  return (
    <Alert
      data-testid="billing-banner"
      type={readOnly ? "error" : "warning"}
      showIcon
      banner
      message={message}
      description={hint}
      action={
        isOwner ? (
          <Button size="small" type="primary" onClick={() => navigate("/app/billing")} data-testid="billing-banner-action">
            {t("billing.banner.action")}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
