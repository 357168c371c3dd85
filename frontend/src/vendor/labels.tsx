import { Space, Tag } from "antd";
import { LANG_BCP47, useI18n, type Lang } from "../i18n";
import type { Money, TenantRow } from "./types";

export function formatMoney(money: Money | null, lang: Lang): string {
  if (!money) return "–";
  try {
    return new Intl.NumberFormat(LANG_BCP47[lang], { style: "currency", currency: money.currency }).format(Number(money.amount));
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

const BILLING_COLORS: Record<string, string> = {
  trialing: "blue",
  active: "green",
  past_due: "orange",
  unpaid: "red",
  canceled: "default",
  incomplete: "orange",
};

/** Tenant state, billing state and a scheduled deletion, as tags. */
export function StatusTags({ tenant }: { tenant: Pick<TenantRow, "state" | "billing_status" | "deletion_due_at"> }) {
  const { tOpt } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag color={tenant.state === "active" ? "green" : "red"} data-testid="vendor-state">
        {tOpt(`vendor.state.${tenant.state}`, tenant.state)}
      </Tag>
      <Tag color={BILLING_COLORS[tenant.billing_status ?? ""] ?? "default"}>
        {tOpt(`vendor.billing.${tenant.billing_status ?? "none"}`, tenant.billing_status ?? "")}
      </Tag>
      {tenant.deletion_due_at ? <Tag color="volcano">{tOpt("vendor.state.deletion_scheduled", "")}</Tag> : null}
    </Space>
  );
}
