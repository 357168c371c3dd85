import { useEffect, useState } from "react";
import { Card, Col, Row, Statistic, Typography } from "antd";
import { PageSpinner } from "../components/PageSpinner";
import { LANG_BCP47, useI18n } from "../i18n";
import { getMetrics } from "./api";
import { ChurnChart } from "./ChurnChart";
import type { Metrics } from "./types";
import { useVendorErrorHandler } from "./VendorConsole";

export function DashboardPage() {
  const { t, lang } = useI18n();
  const handleError = useVendorErrorHandler();
  const [metrics, setMetrics] = useState<Metrics | null>(null);

  useEffect(() => {
    getMetrics(12)
      .then(setMetrics)
      .catch((err: unknown) => handleError(err));
  }, [handleError]);

  if (!metrics) return <PageSpinner />;
  const money = (amount: string, currency: string) => {
    try {
      return new Intl.NumberFormat(LANG_BCP47[lang], { style: "currency", currency }).format(Number(amount));
    } catch {
      return `${amount} ${currency}`;
    }
  };
  const stats: [string, number, string][] = [
    [t("vendor.metrics.active"), metrics.active_tenants, "active"],
    [t("vendor.metrics.trials"), metrics.trials, "trials"],
    [t("vendor.metrics.paying"), metrics.paying_tenants, "paying"],
    [t("vendor.metrics.seats"), metrics.seats, "seats"],
    [t("vendor.metrics.suspended"), metrics.suspended_tenants, "suspended"],
    [t("vendor.metrics.deletions"), metrics.deletions_scheduled, "deletions"],
  ];

  return (
    <div data-testid="vendor-dashboard">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t("vendor.metrics.mrr")} style={{ height: "100%" }}>
            {metrics.mrr.length ? (
              metrics.mrr.map((m) => (
                <Statistic key={m.currency} value={money(m.amount, m.currency)} data-testid={`vendor-mrr-${m.currency}`} />
              ))
            ) : (
              <Typography.Text type="secondary">{t("vendor.metrics.noMrr")}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Row gutter={[16, 16]}>
            {stats.map(([label, value, key]) => (
              <Col xs={12} md={8} key={key}>
                <Card size="small">
                  <Statistic title={label} value={value} data-testid={`vendor-stat-${key}`} />
                </Card>
              </Col>
            ))}
          </Row>
        </Col>
        <Col span={24}>
          <Card title={t("vendor.metrics.churnTitle")}>
            <ChurnChart data={metrics.churn} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
