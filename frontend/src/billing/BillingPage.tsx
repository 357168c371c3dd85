import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, Button, Card, Descriptions, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from "antd";
import { CreditCardOutlined, LinkOutlined, ReloadOutlined } from "@ant-design/icons";
import { useSearchParams } from "react-router-dom";
import { toApiError } from "../api/client";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { formatMoney } from "../components/money";
import { PageSpinner } from "../components/PageSpinner";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { getBillingSummary, listInvoices, openPortal, startCheckout } from "./api";
import type { BillingStatus, BillingSummary, Invoice } from "./types";

const STATUS_COLOR: Record<BillingStatus, string> = {
  trialing: "blue",
  active: "success",
  past_due: "warning",
  incomplete: "warning",
  unpaid: "error",
  canceled: "default",
};

/** The owner's billing page: plan, seats, next invoice, invoice history, Checkout and Portal. */
export function BillingPage() {
  const { t, tOpt, lang } = useI18n();
  const { session, refresh } = useSession();
  const handleError = useApiErrorHandler();
  const [params] = useSearchParams();
  const [summary, setSummary] = useState<BillingSummary | null>(null);
  const [invoices, setInvoices] = useState<Invoice[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState<"checkout" | "portal" | null>(null);
  const zone = session?.tenant.time_zone;
  const date = useCallback((value: string | null | undefined) => formatDateTime(value, lang, zone) ?? "—", [lang, zone]);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const data = await getBillingSummary();
      setSummary(data);
      if (data.configured && data.has_customer) setInvoices((await listInvoices()).results);
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
    // Back from Stripe: the webhook may have changed the state; refresh the banner too.
    if (params.get("checkout")) void refresh();
  }, [load, params, refresh]);

  async function go(kind: "checkout" | "portal") {
    setRedirecting(kind);
    try {
      const { url } = kind === "checkout" ? await startCheckout() : await openPortal();
      window.location.assign(url);
    } catch (err) {
      handleError(err);
      setRedirecting(null);
    }
  }

  const columns = useMemo<TableColumnsType<Invoice>>(
    () => [
      { title: t("billing.invoice.number"), dataIndex: "number", render: (v: string) => v || "—" },
      { title: t("billing.invoice.date"), dataIndex: "created", render: (v: string | null) => date(v) },
      {
        title: t("billing.invoice.total"),
        dataIndex: "total",
        align: "right",
        render: (v: string | null, row) => formatMoney(v, lang, row.currency),
      },
      {
        title: t("billing.invoice.status"),
        dataIndex: "status",
        render: (v: string) => <Tag color={v === "paid" ? "success" : v === "open" ? "warning" : "default"}>{tOpt(`billing.invoiceStatus.${v}`, v)}</Tag>,
      },
      {
        title: "",
        key: "links",
        render: (_: unknown, row) => (
          <Space size={4}>
            {row.hosted_invoice_url ? (
              <Typography.Link href={row.hosted_invoice_url} target="_blank" rel="noopener noreferrer">
                <LinkOutlined /> {t("billing.invoice.view")}
              </Typography.Link>
            ) : null}
            {row.invoice_pdf ? (
              <Typography.Link href={row.invoice_pdf} target="_blank" rel="noopener noreferrer">
                PDF
              </Typography.Link>
            ) : null}
          </Space>
        ),
      },
    ],
    [t, tOpt, lang, date],
  );

  if (loading && !summary) return <PageSpinner />;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        message={error}
        action={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  }
  if (!summary) return null;

  const currency = summary.plan?.currency;
  const next = summary.next_invoice;

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }} data-testid="billing-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("billing.title")}
      </Typography.Title>
      {!summary.configured ? <Alert type="info" showIcon message={t("billing.notConfigured")} data-testid="billing-not-configured" /> : null}
      {params.get("checkout") === "success" ? <Alert type="success" showIcon message={t("billing.checkoutSuccess")} closable /> : null}
      {summary.access === "read_only" ? <Alert type="error" showIcon message={t("billing.readOnlyExplained")} /> : null}

      <Card
        title={t("billing.subscription")}
        extra={
          <Space wrap>
            {summary.can_checkout ? (
              <Button
                type="primary"
                icon={<CreditCardOutlined />}
                loading={redirecting === "checkout"}
                onClick={() => void go("checkout")}
                data-testid="billing-checkout"
              >
                {t("billing.subscribe")}
              </Button>
            ) : null}
            {summary.configured && summary.has_customer ? (
              <Button loading={redirecting === "portal"} onClick={() => void go("portal")} data-testid="billing-portal">
                {t("billing.manage")}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} data-testid="billing-summary">
          <Descriptions.Item label={t("billing.status")}>
            <Tag color={STATUS_COLOR[summary.status]} data-testid="billing-status">
              {tOpt(`billing.status.${summary.status}`, summary.status)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("billing.plan")}>
            {summary.plan
              ? t("billing.pricePerSeat", { price: formatMoney(summary.plan.seat_price, lang, currency) })
              : t("billing.noPlan")}
          </Descriptions.Item>
          <Descriptions.Item label={t("billing.seats")}>
            <span data-testid="billing-seats">{summary.seats}</span>
            {summary.seats_billed !== null && !summary.seats_in_sync ? (
              <Typography.Text type="secondary"> · {t("billing.seatsSyncing", { count: summary.seats_billed })}</Typography.Text>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t("billing.monthly")}>{formatMoney(summary.monthly_estimate, lang, currency)}</Descriptions.Item>
          {summary.status === "trialing" || (!summary.has_subscription && summary.trial_ends_at) ? (
            <Descriptions.Item label={t("billing.trialEnds")}>{date(summary.trial_ends_at)}</Descriptions.Item>
          ) : null}
          {summary.grace_ends_at ? <Descriptions.Item label={t("billing.graceEnds")}>{date(summary.grace_ends_at)}</Descriptions.Item> : null}
          {summary.current_period_end && summary.has_subscription ? (
            <Descriptions.Item label={t("billing.periodEnds")}>{date(summary.current_period_end)}</Descriptions.Item>
          ) : null}
          {summary.canceled_at ? <Descriptions.Item label={t("billing.canceledAt")}>{date(summary.canceled_at)}</Descriptions.Item> : null}
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t("billing.seatsPolicy")}
        </Typography.Paragraph>
      </Card>

      {summary.has_subscription ? (
        <Card title={t("billing.nextInvoice")}>
          {next && !next.error ? (
            <Space size="large" wrap>
              <Statistic title={t("billing.amountDue")} value={formatMoney(next.amount_due, lang, next.currency || currency)} />
              <Statistic title={t("billing.dueOn")} value={date(next.next_payment_attempt ?? next.period_end)} />
            </Space>
          ) : (
            <Typography.Text type="secondary">{t("billing.nextInvoiceUnavailable")}</Typography.Text>
          )}
        </Card>
      ) : null}

      {summary.has_customer ? (
        <Card title={t("billing.invoices")}>
          <Table<Invoice>
            rowKey="id"
            columns={columns}
            dataSource={invoices}
            loading={loading}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("billing.noInvoices") }}
            data-testid="billing-invoices"
          />
        </Card>
      ) : null}
    </Space>
  );
}
