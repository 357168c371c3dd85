import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Descriptions, Drawer, Empty, Flex, Space, Spin, Table, Tag, Typography, type TableColumnsType } from "antd";
import { PrinterOutlined, RollbackOutlined, StopOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { useSession } from "../auth/SessionProvider";
import { ZERO, dec } from "../cashier/decimal";
import { cashierName, customerId, customerName, discountTotal, lineStaff, memberNo, statusColor, storeName } from "../cashier/orderFormat";
import { ReceiptModal } from "../cashier/ReceiptModal";
import type { Order, OrderLine, OrderPayment, Refund } from "../cashier/types";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { isManagerRole } from "../loyalty/labels";
import { getOrderDetail } from "./api";
import { RefundModal } from "./RefundModal";
import { VoidModal } from "./VoidModal";

interface Props {
  orderId: number | null;
  canRefund: boolean;
  /** Label of a cashier mode key (from the cached cashier bootstrap), else the key. */
  modeLabel: (key: string) => string;
  onClose: () => void;
  onChanged: () => void;
}

/** One order: lines with staff, payments, refunds; refund, void and reprint. */
export function OrderDrawer({ orderId, canRefund, modeLabel, onClose, onChanged }: Props) {
  const { t, tOpt, lang } = useI18n();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const [order, setOrder] = useState<Order | null>(null);
  const [loading, setLoading] = useState(false);
  const [refundOpen, setRefundOpen] = useState(false);
  const [voidOpen, setVoidOpen] = useState(false);
  const [receiptOpen, setReceiptOpen] = useState(false);
  const timeZone = session?.tenant?.time_zone;
  const manager = isManagerRole(session?.user?.role);
  const date = (v: string | null | undefined) => formatDateTime(v, lang, timeZone) ?? "—";
  const method = (m: string) => tOpt(`cashier.method.${m}`, m);

  const load = useCallback(
    (id: number, signal?: AbortSignal) => {
      setLoading(true);
      getOrderDetail(id, signal)
        .then(setOrder)
        .catch((err: unknown) => !signal?.aborted && handleError(err))
        .finally(() => !signal?.aborted && setLoading(false));
    },
    [handleError],
  );

  useEffect(() => {
    if (orderId == null) {
      setOrder(null);
      return;
    }
    const controller = new AbortController();
    setOrder(null);
    load(orderId, controller.signal);
    return () => controller.abort();
  }, [orderId, load]);

  function afterChange() {
    setRefundOpen(false);
    setVoidOpen(false);
    if (orderId != null) load(orderId);
    onChanged();
  }

  const refundable = order && !["refunded", "voided"].includes(order.status);
  const voidable = order && manager && order.status === "paid" && !order.refunds.length;

  const lineColumns: TableColumnsType<OrderLine> = [
    {
      title: t("orders.col.item"),
      dataIndex: "name",
      render: (name: string, line) => (
        <>
          <div>{name}</div>
          {lineStaff(line).length ? (
            <Space size={4} wrap>
              {lineStaff(line).map((s) => (
                <Tag key={s.id}>
                  {s.name}
                  {lineStaff(line).length > 1 ? ` ${quantity(s.share)}%` : ""}
                  {s.commission && dec(s.commission) !== ZERO ? ` · ${money(s.commission)}` : ""}
                </Tag>
              ))}
            </Space>
          ) : null}
        </>
      ),
    },
    { title: t("orders.col.qty"), dataIndex: "quantity", align: "right", render: (v: string) => quantity(v) },
    { title: t("orders.col.unitPrice"), dataIndex: "unit_price", align: "right", render: (v: string) => money(v), responsive: ["sm"] },
    { title: t("orders.col.amount"), dataIndex: "net", align: "right", render: (v: string) => money(v) },
    {
      title: t("orders.col.refunded"),
      dataIndex: "refunded_quantity",
      align: "right",
      render: (v: string | undefined) => (v && dec(v) !== ZERO ? <Tag color="orange">{quantity(v)}</Tag> : null),
    },
  ];

  const paymentColumns: TableColumnsType<OrderPayment> = [
    { title: t("orders.col.method"), dataIndex: "method", render: (m: string) => method(m) },
    {
      title: t("orders.col.amount"),
      dataIndex: "amount",
      align: "right",
      render: (v: string, p) => (
        <>
          {money(v)}
          {p.points ? <Typography.Text type="secondary"> ({t("cashier.receipt.pointsUsed", { points: quantity(p.points) })})</Typography.Text> : null}
        </>
      ),
    },
    {
      title: t("orders.col.reference"),
      dataIndex: "reference",
      render: (v: string | undefined, p) =>
        v || (p.tendered && dec(p.tendered) !== dec(p.amount) ? t("orders.tendered", { amount: money(p.tendered) }) : ""),
    },
    {
      title: t("orders.col.refunded"),
      dataIndex: "refunded_amount",
      align: "right",
      render: (v: string | undefined) => (v && dec(v) !== ZERO ? money(v) : null),
    },
  ];

  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      width={Math.min(760, typeof window !== "undefined" ? window.innerWidth : 760)}
      title={
        order ? (
          <Space wrap>
            <span data-testid="order-number">{order.number}</span>
            <Tag color={statusColor(order.status)} data-testid="order-status">
              {tOpt(`orders.status.${order.status}`, order.status)}
            </Tag>
          </Space>
        ) : (
          t("orders.detail")
        )
      }
      data-testid="order-drawer"
      extra={
        order ? (
          <Space wrap>
            <Button icon={<PrinterOutlined />} data-testid="order-reprint" onClick={() => setReceiptOpen(true)}>
              {t("orders.reprint")}
            </Button>
            {canRefund && refundable ? (
              <Button icon={<RollbackOutlined />} danger data-testid="order-refund-open" onClick={() => setRefundOpen(true)}>
                {t("orders.refund.open")}
              </Button>
            ) : null}
            {voidable ? (
              <Button icon={<StopOutlined />} danger data-testid="order-void-open" onClick={() => setVoidOpen(true)}>
                {t("orders.void.open")}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {loading && !order ? (
        <Spin style={{ display: "block", margin: "40px auto" }} />
      ) : order ? (
        <Flex vertical gap={16}>
          {order.offline_created_at ? <Alert type="info" showIcon message={t("orders.offlineSale", { time: date(order.offline_created_at) })} /> : null}
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t("orders.col.date")}>{date(order.created_at)}</Descriptions.Item>
            <Descriptions.Item label={t("orders.col.store")}>{storeName(order)}</Descriptions.Item>
            <Descriptions.Item label={t("orders.col.member")}>
              {customerId(order) ? (
                <Link to={`/app/members/${customerId(order)}`}>
                  {customerName(order)}
                  {memberNo(order) ? ` (${memberNo(order)})` : ""}
                </Link>
              ) : (
                t("orders.walkIn")
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t("orders.col.cashier")}>{cashierName(order) ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("orders.col.mode")}>{modeLabel(order.mode)}</Descriptions.Item>
            {order.note ? <Descriptions.Item label={t("orders.note")}>{order.note}</Descriptions.Item> : null}
          </Descriptions>

          <Table<OrderLine>
            size="small"
            data-testid="order-lines"
            rowKey={(l) => String(l.id ?? l.position ?? l.name)}
            dataSource={order.lines}
            columns={lineColumns}
            pagination={false}
            scroll={{ x: true }}
          />

          <div style={{ maxWidth: 360, marginInlineStart: "auto", width: "100%" }} data-testid="order-totals">
            <Flex justify="space-between">
              <span>{t("cashier.totals.subtotal")}</span>
              <span>{money(order.subtotal)}</span>
            </Flex>
            {dec(discountTotal(order)) !== ZERO ? (
              <Flex justify="space-between">
                <span>
                  {t("cashier.totals.discount")}
                  {order.manual_discount_reason ? <Typography.Text type="secondary"> ({order.manual_discount_reason})</Typography.Text> : null}
                </span>
                <span>−{money(discountTotal(order))}</span>
              </Flex>
            ) : null}
            {dec(order.tax_total) !== ZERO ? (
              <Flex justify="space-between">
                <span>{t("cashier.totals.tax")}</span>
                <span>{money(order.tax_total)}</span>
              </Flex>
            ) : null}
            {dec(order.rounding) !== ZERO ? (
              <Flex justify="space-between">
                <span>{t("cashier.totals.rounding")}</span>
                <span>{money(order.rounding)}</span>
              </Flex>
            ) : null}
            <Flex justify="space-between" style={{ fontWeight: 700, fontSize: 16 }}>
              <span>{t("cashier.totals.total")}</span>
              <span data-testid="order-total">{money(order.total)}</span>
            </Flex>
            {dec(order.change) !== ZERO ? (
              <Flex justify="space-between">
                <span>{t("cashier.pay.change")}</span>
                <span>{money(order.change)}</span>
              </Flex>
            ) : null}
            {dec(order.refunded_total) !== ZERO ? (
              <Flex justify="space-between">
                <span>{t("orders.col.refunded")}</span>
                <Typography.Text type="danger" data-testid="order-refunded-total">
                  −{money(order.refunded_total)}
                </Typography.Text>
              </Flex>
            ) : null}
            {dec(order.points_earned) !== ZERO ? (
              <Flex justify="space-between">
                <span>{t("cashier.receipt.pointsEarned")}</span>
                <span>{quantity(order.points_earned)}</span>
              </Flex>
            ) : null}
          </div>

          <div>
            <Typography.Title level={5}>{t("orders.payments")}</Typography.Title>
            <Table<OrderPayment>
              size="small"
              data-testid="order-payments"
              rowKey={(p) => String(p.id ?? `${p.method}-${p.amount}`)}
              dataSource={order.payments}
              columns={paymentColumns}
              pagination={false}
              scroll={{ x: true }}
            />
          </div>

          <div>
            <Typography.Title level={5}>{t("orders.refunds")}</Typography.Title>
            {order.refunds.length ? (
              <Flex vertical gap={8} data-testid="order-refunds">
                {order.refunds.map((r: Refund) => (
                  <div key={r.id} style={{ padding: 8, border: "1px solid #f0f0f0", borderRadius: 8 }}>
                    <Flex justify="space-between" wrap="wrap" gap={8}>
                      <Space wrap>
                        <Tag color={r.kind === "void" ? "red" : "orange"}>{r.kind === "void" ? t("orders.void.tag") : t("orders.refund.tag")}</Tag>
                        <Typography.Text type="secondary">{date(r.created_at)}</Typography.Text>
                      </Space>
                      <strong>−{money(r.amount)}</strong>
                    </Flex>
                    <div>{r.reason}</div>
                    <Space wrap size={4} style={{ marginTop: 4 }}>
                      {(r.lines ?? []).map((l) => {
                        const line = order.lines.find((x) => x.id === l.line);
                        return (
                          <Tag key={`l${l.line}`}>
                            {line?.name ?? `#${l.line}`} × {quantity(l.quantity)}
                          </Tag>
                        );
                      })}
                      {(r.payments ?? []).map((p) => (
                        <Tag key={`p${p.payment}`} color="blue">
                          {method(p.method)} {money(p.amount)}
                          {p.points ? ` (${t("cashier.receipt.pointsUsed", { points: quantity(p.points) })})` : ""}
                        </Tag>
                      ))}
                      {r.points_taken_back && dec(r.points_taken_back) !== ZERO ? (
                        <Tag>{t("orders.refund.pointsTakenBack", { points: quantity(r.points_taken_back) })}</Tag>
                      ) : null}
                      {r.coupon_restored ? <Tag color="green">{t("orders.refund.couponRestored")}</Tag> : null}
                    </Space>
                  </div>
                ))}
              </Flex>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("orders.noRefunds")} />
            )}
          </div>
        </Flex>
      ) : null}

      <RefundModal open={refundOpen} order={order} onClose={() => setRefundOpen(false)} onDone={afterChange} />
      <VoidModal open={voidOpen} order={order} onClose={() => setVoidOpen(false)} onDone={afterChange} />
      <ReceiptModal data={receiptOpen && order ? { kind: "order", order } : null} onClose={() => setReceiptOpen(false)} reprint />
    </Drawer>
  );
}
