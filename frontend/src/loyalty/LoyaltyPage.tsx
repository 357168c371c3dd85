import { Card, Result, Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { useI18n } from "../i18n";
import { AuditLogTab } from "./audit/AuditLogTab";
import { CardTypesTab } from "./CardTypesTab";
import { CouponTemplatesTab } from "./coupons/CouponTemplatesTab";
import { CustomFieldsTab } from "./customFields/CustomFieldsTab";
import { isManagerRole } from "./labels";
import { LoyaltySettingsTab } from "./LoyaltySettingsTab";
import { PointsTab } from "./points/PointsTab";
import { TiersTab } from "./tiers/TiersTab";
import { TopUpRulesTab } from "./TopUpRulesTab";

const TABS = ["card-types", "top-up-rules", "points", "tiers", "coupons", "custom-fields", "audit-log", "settings"] as const;
type TabKey = (typeof TABS)[number];

/** Owner/manager setup: card types, top-up rules, points, tiers, coupons, custom fields, audit log, settings. */
export function LoyaltyPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const owner = session?.user?.role === "owner";
  const current = params.get("tab");
  const allowed = (key: string) => (TABS as readonly string[]).includes(key) && (key !== "audit-log" || owner);
  const tab: TabKey = allowed(current ?? "") ? (current as TabKey) : "card-types";

  if (!isManagerRole(session?.user?.role)) {
    return <Result status="403" title={t("error.permissionDenied")} />;
  }

  const label = (key: string, text: string) => <span data-testid={`tab-${key}`}>{text}</span>;
  const items = [
    { key: "card-types", label: label("card-types", t("loyalty.tab.cardTypes")), children: <CardTypesTab /> },
    { key: "top-up-rules", label: label("top-up-rules", t("loyalty.tab.rules")), children: <TopUpRulesTab /> },
    { key: "points", label: label("points", t("loyalty.tab.points")), children: <PointsTab /> },
    { key: "tiers", label: label("tiers", t("loyalty.tab.tiers")), children: <TiersTab /> },
    { key: "coupons", label: label("coupons", t("loyalty.tab.coupons")), children: <CouponTemplatesTab /> },
    { key: "custom-fields", label: label("custom-fields", t("loyalty.tab.customFields")), children: <CustomFieldsTab /> },
    ...(owner ? [{ key: "audit-log", label: label("audit-log", t("loyalty.tab.auditLog")), children: <AuditLogTab /> }] : []),
    { key: "settings", label: label("settings", t("loyalty.tab.settings")), children: <LoyaltySettingsTab /> },
  ];

  return (
    <Card title={t("loyalty.title")}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "card-types" ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={items}
      />
    </Card>
  );
}
