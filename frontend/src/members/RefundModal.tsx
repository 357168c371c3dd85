import { useEffect, useState } from "react";
import { App, Alert, Button, Form, Input, Modal } from "antd";
import { FormError } from "../components/FormError";
import { useMoney } from "../components/money";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { refundTransaction } from "../loyalty/api";
import { useLoyaltyLabels } from "../loyalty/labels";
import type { LedgerEntry } from "../loyalty/types";

interface Props {
  open: boolean;
  entry: LedgerEntry | null;
  onClose: () => void;
  onDone: () => void;
}

/** Owner/manager refund (reversal) of a top-up or spend transaction, with a reason. */
export function RefundModal({ open, entry, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { money } = useMoney();
  const labels = useLoyaltyLabels();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<{ reason: string }>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
  }, [open, form]);

  async function onFinish({ reason }: { reason: string }) {
    if (!entry) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      await refundTransaction(entry.transaction.id, reason.trim(), idem.get());
      idem.settle();
      message.success(t("refund.done"));
      onDone();
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  const tx = entry?.transaction;
  return (
    <Modal
      open={open}
      title={t("refund.title")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" danger data-testid="refund-submit" loading={submitting} onClick={() => form.submit()}>
          {t("refund.submit")}
        </Button>,
      ]}
    >
      {tx ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("refund.confirm", {
            kind: labels.txKind(tx.kind),
            id: tx.id,
            card: entry?.account.card_number ?? "—",
          })}
          description={tx.amount_paid ? t("refund.paid", { amount: money(tx.amount_paid) }) : undefined}
        />
      ) : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="refund-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
