import { Card, Result, Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { useI18n } from "../i18n";
import { CardTypesTab } from "./CardTypesTab";
import { isManagerRole } from "./labels";
import { LoyaltySettingsTab } from "./LoyaltySettingsTab";
import { TopUpRulesTab } from "./TopUpRulesTab";

const TABS = ["card-types", "top-up-rules", "settings"] as const;
type TabKey = (typeof TABS)[number];

/** Owner/manager setup: card types, top-up bonus rules and loyalty settings. */
export function LoyaltyPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const current = params.get("tab");
  const tab: TabKey = (TABS as readonly string[]).includes(current ?? "") ? (current as TabKey) : "card-types";

  if (!isManagerRole(session?.user?.role)) {
    return <Result status="403" title={t("error.permissionDenied")} />;
  }

  return (
    <Card title={t("loyalty.title")}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "card-types" ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: "card-types", label: <span data-testid="tab-card-types">{t("loyalty.tab.cardTypes")}</span>, children: <CardTypesTab /> },
          { key: "top-up-rules", label: <span data-testid="tab-top-up-rules">{t("loyalty.tab.rules")}</span>, children: <TopUpRulesTab /> },
          { key: "settings", label: <span data-testid="tab-settings">{t("loyalty.tab.settings")}</span>, children: <LoyaltySettingsTab /> },
        ]}
      />
    </Card>
  );
}
