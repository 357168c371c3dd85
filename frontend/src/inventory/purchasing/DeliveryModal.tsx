import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Input, InputNumber, Modal, Space, Table, Typography } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useIdempotencyKey } from "../../components/useIdempotencyKey";
import { useI18n } from "../../i18n";
import { compareDecimal, isDecimal, stockValue, subtractDecimal, sumDecimals, trimDecimal } from "../decimal";
import { useStockFormat } from "../format";
import { receivePurchaseOrder, returnPurchaseOrder } from "./api";
import type { PurchaseOrder, PurchaseOrderLine } from "./types";

export type DeliveryMode = "receive" | "return";

interface Row {
  line: PurchaseOrderLine;
  /** Most that can be received (still expected) or returned (received − returned). */
  left: string;
}

interface Props {
  open: boolean;
  mode: DeliveryMode;
  order: PurchaseOrder | null;
  onClose: () => void;
  onDone: (order: PurchaseOrder) => void;
}

const QTY = /^\d+(\.\d{1,3})?$/;
const COST = /^\d+(\.\d{1,4})?$/;

/** A delivery against a purchase order (enter what arrived per line) or a return of received goods. */
export function DeliveryModal({ open, mode, order, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fmt = useStockFormat();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [quantities, setQuantities] = useState<Record<number, string | null>>({});
  const [costs, setCosts] = useState<Record<number, string | null>>({});
  const [reason, setReason] = useState("");
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const rows = useMemo<Row[]>(() => {
    if (!order) return [];
    return order.lines
      .map((line) => ({
        line,
        left: (mode === "receive" ? line.outstanding : subtractDecimal(line.quantity_received, line.quantity_returned)) ?? "0",
      }))
      .filter((row) => compareDecimal(row.left, "0") === 1);
  }, [order, mode]);

  useEffect(() => {
    if (!open) return;
    setTopError(null);
    setReason("");
    // A receipt starts with everything still expected (the usual full delivery); a return with nothing.
    setQuantities(Object.fromEntries(rows.map((row) => [row.line.id, mode === "receive" ? trimDecimal(row.left) : null])));
    setCosts(Object.fromEntries(rows.map((row) => [row.line.id, trimDecimal(row.line.unit_cost)])));
  }, [open, rows, mode]);

  const entered = rows.filter((row) => {
    const q = quantities[row.line.id];
    return q != null && q !== "" && /[1-9]/.test(String(q));
  });
  const invalid = rows.find((row) => {
    const q = quantities[row.line.id];
    if (q == null || q === "") return false;
    const text = String(q).trim();
    if (!QTY.test(text) || compareDecimal(text, row.left) === 1) return true;
    return mode === "receive" && !COST.test(String(costs[row.line.id] ?? "").trim());
  });
  const total = sumDecimals(
    entered.map((row) => stockValue(String(quantities[row.line.id]), mode === "receive" ? String(costs[row.line.id] ?? "0") : row.line.unit_cost)),
  );

  async function submit() {
    if (!order) return;
    if (!entered.length) {
      setTopError(t("inventory.po.enterQuantities"));
      return;
    }
    if (mode === "return" && !reason.trim()) {
      setTopError(t("inventory.po.returnReasonRequired"));
      return;
    }
    if (invalid) {
      const text = String(quantities[invalid.line.id] ?? "").trim();
      if (!QTY.test(text)) setTopError(t("inventory.validation.quantity"));
      else if (compareDecimal(text, invalid.left) === 1) setTopError(t("inventory.po.tooMuch", { product: invalid.line.product_name, left: fmt.qty(invalid.left) }));
      else setTopError(t("inventory.validation.cost"));
      return;
    }
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const lines = entered.map((row) => ({
      line: row.line.id,
      quantity: String(quantities[row.line.id]).trim(),
      ...(mode === "receive" && isDecimal(String(costs[row.line.id] ?? "")) && String(costs[row.line.id]).trim() !== trimDecimal(row.line.unit_cost)
        ? { unit_cost: String(costs[row.line.id]).trim() }
        : {}),
    }));
    try {
      const call = mode === "receive" ? receivePurchaseOrder : returnPurchaseOrder;
      const result = await call(order.id, { lines, reason: reason.trim() }, idem.get());
      idem.settle();
      message.success(t(mode === "receive" ? "inventory.po.receivedDone" : "inventory.po.returnedDone"));
      onDone(result);
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={`${t(mode === "receive" ? "inventory.po.receiveTitle" : "inventory.po.returnTitle")}${order ? ` · ${order.number}` : ""}`}
      onCancel={onClose}
      maskClosable={!submitting}
      width={860}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" danger={mode === "return"} data-testid="delivery-submit" loading={submitting} onClick={() => void submit()}>
          {t(mode === "receive" ? "inventory.po.receive" : "inventory.po.return")}
        </Button>,
      ]}
    >
      <Alert type="info" showIcon message={t(mode === "receive" ? "inventory.po.receiveHint" : "inventory.po.returnHint")} style={{ marginBottom: 12 }} />
      <Space style={{ marginBottom: 8 }}>
        <Button
          size="small"
          data-testid="delivery-fill"
          onClick={() => setQuantities(Object.fromEntries(rows.map((row) => [row.line.id, trimDecimal(row.left)])))}
          disabled={submitting}
        >
          {t(mode === "receive" ? "inventory.po.fillRemaining" : "inventory.po.fillAll")}
        </Button>
        <Button size="small" data-testid="delivery-clear" onClick={() => setQuantities({})} disabled={submitting}>
          {t("inventory.po.clearQuantities")}
        </Button>
      </Space>
      <Table<Row>
        rowKey={(row) => row.line.id}
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: "max-content" }}
        columns={[
          { title: t("inventory.col.product"), key: "product", render: (_, row) => row.line.product_name },
          { title: t("inventory.po.ordered"), key: "ordered", align: "right", render: (_, row) => fmt.qty(row.line.quantity) },
          { title: t("inventory.po.received"), key: "received", align: "right", render: (_, row) => fmt.qty(row.line.quantity_received) },
          ...(mode === "return"
            ? [{ title: t("inventory.po.returned"), key: "returned", align: "right" as const, render: (_: unknown, row: Row) => fmt.qty(row.line.quantity_returned) }]
            : []),
          { title: t(mode === "receive" ? "inventory.po.remaining" : "inventory.po.returnable"), key: "left", align: "right", render: (_, row) => fmt.qty(row.left) },
          {
            title: t(mode === "receive" ? "inventory.po.receivingNow" : "inventory.po.returningNow"),
            key: "qty",
            render: (_, row, index) => (
              <InputNumber<string>
                data-testid={`delivery-qty-${index}`}
                stringMode
                min="0"
                max={row.left}
                value={quantities[row.line.id] ?? null}
                onChange={(v) => setQuantities((q) => ({ ...q, [row.line.id]: v }))}
                disabled={submitting}
                style={{ width: 120 }}
              />
            ),
          },
          ...(mode === "receive"
            ? [
                {
                  title: t("inventory.col.unitCost"),
                  key: "cost",
                  render: (_: unknown, row: Row, index: number) => (
                    <InputNumber<string>
                      data-testid={`delivery-cost-${index}`}
                      stringMode
                      min="0"
                      value={costs[row.line.id] ?? null}
                      onChange={(v) => setCosts((c) => ({ ...c, [row.line.id]: v }))}
                      disabled={submitting}
                      style={{ width: 130 }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Paragraph style={{ textAlign: "right", marginTop: 8 }} data-testid="delivery-total">
        {t("inventory.lines.total")}: <strong>{fmt.money(total)}</strong>
      </Typography.Paragraph>
      <Input.TextArea
        data-testid="delivery-reason"
        rows={2}
        maxLength={500}
        placeholder={t(mode === "receive" ? "inventory.po.deliveryNote" : "inventory.po.returnReason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        disabled={submitting}
        style={{ marginBottom: 12 }}
      />
      <FormError message={topError} />
    </Modal>
  );
}
