import { Space, Statistic, Typography } from "antd";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import { isStoredValueBalances, type CardBalances as Balances } from "../loyalty/types";

interface Props {
  balances: Balances | null;
  /** Put the balance-* test ids on this card (the member's first stored-value card). */
  testIds?: boolean;
}

/** Principal and bonus shown separately plus the total; sessions per service; minutes. */
export function CardBalances({ balances, testIds }: Props) {
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  if (!balances) return null;

  if (isStoredValueBalances(balances)) {
    const id = (name: string) => (testIds ? { "data-testid": `balance-${name}` } : {});
    return (
      <Space size="large" wrap>
        <Statistic title={t("balance.principal")} valueRender={() => <span {...id("principal")}>{money(balances.principal)}</span>} />
        <Statistic title={t("balance.bonus")} valueRender={() => <span {...id("bonus")}>{money(balances.bonus)}</span>} />
        <Statistic
          title={t("balance.total")}
          valueRender={() => (
            <strong {...id("total")} style={{ color: "#0f766e" }}>
              {money(balances.total)}
            </strong>
          )}
        />
      </Space>
    );
  }
  if ("sessions" in balances && balances.sessions && typeof balances.sessions === "object") {
    const entries = Object.entries(balances.sessions);
    if (!entries.length) return <Typography.Text type="secondary">{t("balance.noSessions")}</Typography.Text>;
    return (
      <Space size="large" wrap data-testid="balance-sessions">
        {entries.map(([service, n]) => (
          <Statistic key={service} title={service} valueRender={() => <span>{t("balance.sessionsValue", { count: quantity(n) })}</span>} />
        ))}
      </Space>
    );
  }
  if ("minutes" in balances) {
    return (
      <Statistic
        title={t("balance.minutes")}
        valueRender={() => <span data-testid="balance-minutes">{t("balance.minutesValue", { count: quantity(balances.minutes) })}</span>}
      />
    );
  }
  return null;
}
