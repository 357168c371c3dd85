import { useEffect, useState } from "react";
import { App, Button, Form, Input, Modal, Space, Typography } from "antd";
import { toApiError } from "../api/client";
import type { Order } from "../cashier/types";
import { FormError } from "../components/FormError";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { voidOrder } from "./api";

interface Props {
  open: boolean;
  order: Order | null;
  onClose: () => void;
  onDone: () => void;
}

/** Void today's order (a manager's correction): a full refund with a reason. */
export function VoidModal({ open, order, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const key = useIdempotencyKey(open);
  const [reason, setReason] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setReason("");
      setError(null);
    }
  }, [open]);

  async function submit() {
    if (!order || !reason.trim() || submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await voidOrder(order.id, { reason: reason.trim(), client_id: key.get() });
      key.settle();
      message.success(t("orders.void.done"));
      onDone();
    } catch (err) {
      key.settle(err);
      setError(toApiError(err).message);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("orders.void.title", { number: order?.number ?? "" })}
      onCancel={onClose}
      destroyOnHidden
      data-testid="void-modal"
      footer={
        <Space>
          <Button onClick={onClose} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="primary" danger data-testid="void-submit" disabled={!reason.trim()} loading={submitting} onClick={() => void submit()}>
            {t("orders.void.submit")}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t("orders.void.help")}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t("orders.refund.reason")} required>
          <Input data-testid="void-reason" autoFocus value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
      <FormError message={error} />
    </Modal>
  );
}
