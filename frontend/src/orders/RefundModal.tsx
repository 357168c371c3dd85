import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Space, Table, Typography, type TableColumnsType } from "antd";
import { toApiError } from "../api/client";
import { dec, fmt } from "../cashier/decimal";
import { refundableQuantity } from "../cashier/orderFormat";
import type { Order, OrderLine } from "../cashier/types";
import { FormError } from "../components/FormError";
import { useMoney } from "../components/money";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { refundOrder } from "./api";

interface Props {
  open: boolean;
  order: Order | null;
  onClose: () => void;
  onDone: () => void;
}

type Scope = "whole" | "lines";

/**
 * Refund the whole order or chosen lines and quantities, with a reason. The refund's client_id is
 * made when the dialog opens and reused for every retry of that dialog (a double click or a retry
 * after a lost answer returns the same refund); a definite refusal makes a new one.
 */
export function RefundModal({ open, order, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { money, quantity } = useMoney();
  const key = useIdempotencyKey(open);
  const [scope, setScope] = useState<Scope>("whole");
  const [picked, setPicked] = useState<Record<number, string>>({});
  const [reason, setReason] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refundable = useMemo(
    () => (order?.lines ?? []).filter((l) => l.id != null && dec(refundableQuantity(l)) > 0n),
    [order],
  );

  useEffect(() => {
    if (!open) return;
    setScope("whole");
    setPicked({});
    setReason("");
    setError(null);
  }, [open]);

  const chosen = Object.entries(picked).filter(([, q]) => q && dec(q) > 0n);
  const valid = reason.trim().length > 0 && (scope === "whole" || chosen.length > 0);

  async function submit() {
    if (!order || !valid || submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await refundOrder(order.id, {
        client_id: key.get(),
        reason: reason.trim(),
        ...(scope === "lines" ? { lines: chosen.map(([line, q]) => ({ line: Number(line), quantity: q })) } : {}),
      });
      key.settle();
      message.success(t("orders.refund.done"));
      onDone();
    } catch (err) {
      key.settle(err);
      const e = toApiError(err);
      setError([e.message, ...Object.values(e.fields).flat().filter((m) => m !== e.message)].join(" "));
    } finally {
      setSubmitting(false);
    }
  }

  const columns: TableColumnsType<OrderLine> = [
    {
      key: "pick",
      width: 40,
      render: (_, line) => (
        <Checkbox
          data-testid={`refund-line-${line.id}`}
          checked={picked[line.id!] !== undefined}
          onChange={(e) => {
            const next = { ...picked };
            if (e.target.checked) next[line.id!] = refundableQuantity(line);
            else delete next[line.id!];
            setPicked(next);
          }}
        />
      ),
    },
    { title: t("orders.col.item"), dataIndex: "name" },
    {
      title: t("orders.refund.left"),
      key: "left",
      align: "right",
      render: (_, line) => quantity(refundableQuantity(line)),
    },
    {
      title: t("orders.refund.quantity"),
      key: "qty",
      width: 120,
      render: (_, line) => (
        <InputNumber
          data-testid={`refund-qty-${line.id}`}
          min="0.001"
          max={refundableQuantity(line)}
          stringMode
          size="small"
          disabled={picked[line.id!] === undefined}
          value={picked[line.id!] ?? null}
          onChange={(v) => setPicked({ ...picked, [line.id!]: v === null ? "" : String(v) })}
        />
      ),
    },
    { title: t("orders.col.amount"), dataIndex: "net", align: "right", render: (v: string) => money(v) },
  ];

  return (
    <Modal
      open={open}
      title={t("orders.refund.title", { number: order?.number ?? "" })}
      onCancel={onClose}
      width={680}
      destroyOnHidden
      maskClosable={false}
      data-testid="refund-modal"
      footer={
        <Space>
          <Button onClick={onClose} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="primary" danger data-testid="refund-submit" disabled={!valid} loading={submitting} onClick={() => void submit()}>
            {t("orders.refund.submit")}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical">
        <Form.Item>
          <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as Scope)} data-testid="refund-scope">
            <Radio value="whole" data-testid="refund-scope-whole">
              {t("orders.refund.whole")}
            </Radio>
            <Radio value="lines" data-testid="refund-scope-lines" disabled={!refundable.length}>
              {t("orders.refund.someLines")}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {scope === "lines" ? (
          <Table<OrderLine>
            size="small"
            rowKey={(l) => String(l.id)}
            dataSource={refundable}
            columns={columns}
            pagination={false}
            style={{ marginBottom: 16 }}
            scroll={{ x: true }}
          />
        ) : (
          <Typography.Paragraph type="secondary">
            {t("orders.refund.wholeHelp", { amount: money(order ? fmt(dec(order.total) - dec(order.refunded_total)) : "0") })}
          </Typography.Paragraph>
        )}
        <Form.Item label={t("orders.refund.reason")} required>
          <Input.TextArea data-testid="refund-reason" value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        <Alert type="info" showIcon message={t("orders.refund.orderHelp")} style={{ marginBottom: 12 }} />
        <FormError message={error} />
      </Form>
    </Modal>
  );
}
