import { Flex, Typography } from "antd";
import { useMoney } from "../components/money";
import { LANG_BCP47, useI18n } from "../i18n";
import type { DashboardPayment } from "./api";

const BAR_COLOR = "#0f766e";

/** Today's payments by method (biggest first, as the server sorts them), each with a proportional bar. */
export function PaymentMix({ data }: { data: DashboardPayment[] }) {
  const { tOpt, lang } = useI18n();
  const { money } = useMoney();
  // Proportions only (display): floats are fine, amounts are shown from the decimal strings.
  const total = data.reduce((sum, p) => sum + Math.max(0, Number(p.amount) || 0), 0);
  const percent = new Intl.NumberFormat(LANG_BCP47[lang], { style: "percent", maximumFractionDigits: 0 });

  return (
    <Flex vertical gap={12} data-testid="dashboard-payments">
      {data.map((p) => {
        const share = total > 0 ? Math.max(0, Number(p.amount) || 0) / total : 0;
        return (
          <div key={p.method} data-testid={`dashboard-payment-${p.method}`}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text>{tOpt(`cashier.method.${p.method}`, p.method)}</Typography.Text>
              <span>
                <Typography.Text strong>{money(p.amount)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {percent.format(share)}
                </Typography.Text>
              </span>
            </Flex>
            <div style={{ height: 6, background: "#f0f0f0", borderRadius: 3, marginTop: 4, overflow: "hidden" }}>
              <div style={{ width: `${share * 100}%`, height: "100%", background: BAR_COLOR, borderRadius: 3 }} />
            </div>
          </div>
        );
      })}
    </Flex>
  );
}
