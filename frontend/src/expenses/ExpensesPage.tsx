import { Card, Result, Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { useI18n } from "../i18n";
import { isManagerRole } from "../loyalty/labels";
import { ExpenseCategoriesTab } from "./ExpenseCategoriesTab";
import { ExpensesTab } from "./ExpensesTab";

const TABS = ["expenses", "categories"] as const;
type TabKey = (typeof TABS)[number];

/** Owner/manager book of running costs: expenses with totals, and their categories. */
export function ExpensesPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const current = params.get("tab") ?? "";
  const tab: TabKey = (TABS as readonly string[]).includes(current) ? (current as TabKey) : "expenses";

  if (!isManagerRole(session?.user?.role)) {
    return <Result status="403" title={t("error.permissionDenied")} />;
  }

  const label = (key: string, text: string) => <span data-testid={`tab-${key}`}>{text}</span>;
  const items = [
    { key: "expenses", label: label("expenses", t("expenses.tab.expenses")), children: <ExpensesTab /> },
    { key: "categories", label: label("categories", t("expenses.tab.categories")), children: <ExpenseCategoriesTab /> },
  ];

  return (
    <Card title={t("expenses.title")}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === "expenses" ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={items}
      />
    </Card>
  );
}
