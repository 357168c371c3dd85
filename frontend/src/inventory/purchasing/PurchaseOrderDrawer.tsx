import { useEffect, useState } from "react";
import { App, Button, Descriptions, Drawer, Progress, Space, Spin, Table, Tag, Typography } from "antd";
import { CheckOutlined, CloseCircleOutlined, EditOutlined, ImportOutlined, RollbackOutlined, SendOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { compareDecimal, stockValue, sumDecimals } from "../decimal";
import { useStockFormat } from "../format";
import { movementKindColor, statusColor, useInventoryLabels } from "../labels";
import { ReasonModal } from "../ReasonModal";
import { cancelPurchaseOrder, getPurchaseOrder, placePurchaseOrder } from "./api";
import { DeliveryModal, type DeliveryMode } from "./DeliveryModal";
import type { StockMovement } from "../types";
import type { PurchaseOrder, PurchaseOrderLine } from "./types";

interface Props {
  orderId: number | null;
  canManage: boolean;
  storeName: (id: number) => string;
  supplierName: (id: number) => string;
  onClose: () => void;
  onEdit: (order: PurchaseOrder) => void;
  onChanged: () => void;
}

/** Received share of what was ordered, in percent (display only). */
export function receivedPercent(order: PurchaseOrder): number {
  let ordered = 0;
  let received = 0;
  for (const line of order.lines) {
    ordered += Number(line.quantity) || 0;
    received += Number(line.quantity_received) || 0;
  }
  return ordered > 0 ? Math.min(100, Math.round((received / ordered) * 100)) : 0;
}

export function orderTotal(order: PurchaseOrder): string {
  return order.total ?? sumDecimals(order.lines.map((line) => stockValue(line.quantity, line.unit_cost)));
}

/** One purchase order: lines ordered/received/returned, and what can be done with it now. */
export function PurchaseOrderDrawer({ orderId, canManage, storeName, supplierName, onClose, onEdit, onChanged }: Props) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const handleError = useApiErrorHandler();
  const [order, setOrder] = useState<PurchaseOrder | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [delivery, setDelivery] = useState<DeliveryMode | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [placing, setPlacing] = useState(false);

  useEffect(() => {
    if (orderId === null) {
      setOrder(null);
      return;
    }
    let cancelled = false;
    setLoading(true);
    getPurchaseOrder(orderId)
      .then((o) => !cancelled && setOrder(o))
      .catch((err: unknown) => !cancelled && handleError(err))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [orderId, reloadKey, handleError]);

  const refresh = (next?: PurchaseOrder | null) => {
    if (next) setOrder(next);
    else setReloadKey((k) => k + 1);
    onChanged();
  };

  function onPlace() {
    if (!order) return;
    modal.confirm({
      title: t("inventory.po.placeConfirmTitle", { number: order.number }),
      content: t("inventory.po.placeConfirm"),
      okText: t("inventory.po.place"),
      cancelText: t("common.cancel"),
      okButtonProps: { "data-testid": "po-place-ok" },
      onOk: async () => {
        setPlacing(true);
        try {
          refresh(await placePurchaseOrder(order.id));
          message.success(t("inventory.po.placed"));
        } catch (err) {
          handleError(err);
          refresh();
        } finally {
          setPlacing(false);
        }
      },
    });
  }

  const status = order?.status;
  const receivable = status === "ordered" || status === "partially_received";
  const returnable = !!order && order.lines.some((line) => compareDecimal(line.quantity_received, line.quantity_returned) === 1);
  const cancellable = status === "draft" || receivable;

  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      width={Math.min(900, typeof window !== "undefined" ? window.innerWidth : 900)}
      title={
        order ? (
          <Space>
            {order.number}
            <Tag color={statusColor(order.status)} data-testid="po-detail-status">
              {labels.poStatus(order.status)}
            </Tag>
          </Space>
        ) : (
          t("inventory.po.title")
        )
      }
      extra={
        order && canManage ? (
          <Space wrap>
            {status === "draft" ? (
              <>
                <Button icon={<EditOutlined />} data-testid="po-edit" onClick={() => onEdit(order)}>
                  {t("common.edit")}
                </Button>
                <Button type="primary" icon={<SendOutlined />} data-testid="po-place" loading={placing} onClick={onPlace}>
                  {t("inventory.po.place")}
                </Button>
              </>
            ) : null}
            {receivable ? (
              <Button type="primary" icon={<ImportOutlined />} data-testid="po-receive" onClick={() => setDelivery("receive")}>
                {t("inventory.po.receive")}
              </Button>
            ) : null}
            {returnable ? (
              <Button icon={<RollbackOutlined />} data-testid="po-return" onClick={() => setDelivery("return")}>
                {t("inventory.po.return")}
              </Button>
            ) : null}
            {cancellable ? (
              <Button danger icon={status === "partially_received" ? <CheckOutlined /> : <CloseCircleOutlined />} data-testid="po-cancel" onClick={() => setCancelOpen(true)}>
                {t(status === "partially_received" ? "inventory.po.close" : "inventory.po.cancel")}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      <Spin spinning={loading}>
        {order ? (
          <div data-testid="po-detail">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t("inventory.po.supplier")}>{order.supplier_name || supplierName(order.supplier)}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.po.deliverTo")}>{order.store_name || storeName(order.store)}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.po.expectedAt")}>{order.expected_at || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.po.total")}>{fmt.money(orderTotal(order))}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.po.createdAt")}>{fmt.dateTime(order.created_at)}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.po.orderedAt")}>{order.ordered_at ? fmt.dateTime(order.ordered_at) : "—"}</Descriptions.Item>
              {order.closed_at ? <Descriptions.Item label={t("inventory.po.closedAt")}>{fmt.dateTime(order.closed_at)}</Descriptions.Item> : null}
              <Descriptions.Item label={t("inventory.po.progress")}>
                <Progress percent={receivedPercent(order)} size="small" style={{ minWidth: 140 }} />
              </Descriptions.Item>
              {order.note ? (
                <Descriptions.Item label={t("inventory.po.note")} span={2}>
                  <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{order.note}</Typography.Text>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <Table<PurchaseOrderLine>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={order.lines}
              scroll={{ x: "max-content" }}
              columns={[
                { title: t("inventory.col.product"), dataIndex: "product_name" },
                { title: t("inventory.po.ordered"), dataIndex: "quantity", align: "right", render: (v: string) => fmt.qty(v) },
                { title: t("inventory.col.unitCost"), dataIndex: "unit_cost", align: "right", render: (v: string) => fmt.cost(v) },
                { title: t("inventory.col.value"), key: "value", align: "right", render: (_, line) => fmt.money(stockValue(line.quantity, line.unit_cost)) },
                {
                  title: t("inventory.po.received"),
                  dataIndex: "quantity_received",
                  align: "right",
                  render: (v: string, line) => <span data-testid={`po-line-received-${line.product}`}>{fmt.qty(v)}</span>,
                },
                { title: t("inventory.po.returned"), dataIndex: "quantity_returned", align: "right", render: (v: string) => fmt.qty(v) },
                {
                  title: t("inventory.po.remaining"),
                  key: "left",
                  align: "right",
                  render: (_, line) =>
                    compareDecimal(line.outstanding, "0") === 1 ? <Typography.Text type="warning">{fmt.qty(line.outstanding)}</Typography.Text> : "—",
                },
              ]}
            />
            {order.movements?.length ? (
              <>
                <Typography.Title level={5} style={{ marginTop: 20 }}>
                  {t("inventory.po.deliveries")}
                </Typography.Title>
                <Table<StockMovement>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={order.movements}
                  data-testid="po-deliveries"
                  columns={[
                    { title: "#", dataIndex: "id" },
                    { title: t("inventory.col.time"), dataIndex: "created_at", render: (v: string) => fmt.dateTime(v) },
                    {
                      title: t("inventory.col.kind"),
                      dataIndex: "kind",
                      render: (k: string) => <Tag color={movementKindColor(k)}>{labels.movementKind(k)}</Tag>,
                    },
                    {
                      title: t("inventory.col.lines"),
                      key: "lines",
                      render: (_, m) => m.lines.map((line) => `${line.product_name} ${fmt.signedQty(line.quantity)}`).join(", "),
                    },
                    { title: t("common.reason"), dataIndex: "reason", render: (v: string) => v || "—" },
                  ]}
                />
              </>
            ) : null}
          </div>
        ) : null}
      </Spin>
      <DeliveryModal
        open={delivery !== null}
        mode={delivery ?? "receive"}
        order={order}
        onClose={() => setDelivery(null)}
        onDone={(next) => {
          setDelivery(null);
          refresh(next);
        }}
      />
      <ReasonModal
        open={cancelOpen}
        title={order ? `${t(status === "partially_received" ? "inventory.po.close" : "inventory.po.cancel")} · ${order.number}` : ""}
        hint={t(status === "partially_received" ? "inventory.po.closeHint" : "inventory.po.cancelHint")}
        okText={t(status === "partially_received" ? "inventory.po.close" : "inventory.po.cancel")}
        danger
        testId="po-cancel"
        onClose={() => setCancelOpen(false)}
        onSubmit={async (reason) => {
          if (!order) return;
          const next = await cancelPurchaseOrder(order.id, reason);
          setCancelOpen(false);
          message.success(t("inventory.po.cancelled"));
          refresh(next);
        }}
      />
    </Drawer>
  );
}
