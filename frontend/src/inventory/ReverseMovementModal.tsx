import { useEffect, useState } from "react";
import { Alert, App, Button, Form, Input, Modal } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { reverseMovement } from "./api";
import { useInventoryLabels } from "./labels";
import type { StockMovement } from "./types";

interface Props {
  open: boolean;
  movement: StockMovement | null;
  onClose: () => void;
  onDone: (reversal: StockMovement) => void;
}

/** Book the exact opposite of a movement (once), with a reason; a sale's reversal is a refund. */
export function ReverseMovementModal({ open, movement, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const labels = useInventoryLabels();
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

  async function submit(reason: string) {
    if (!movement) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const reversal = await reverseMovement(movement.id, reason, idem.get());
      idem.settle();
      message.success(t("inventory.reverse.done"));
      onDone(reversal);
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  function onFinish(values: { reason: string }) {
    if (!movement) return;
    modal.confirm({
      title: t("inventory.reverse.confirmTitle"),
      content: t("inventory.reverse.confirm", { id: movement.id, kind: labels.movementKind(movement.kind) }),
      okText: t("inventory.reverse.submit"),
      okButtonProps: { danger: true, "data-testid": "reverse-confirm-ok" },
      cancelText: t("common.cancel"),
      onOk: () => submit(values.reason.trim()),
    });
  }

  return (
    <Modal
      open={open}
      title={movement ? `${t("inventory.reverse.title")} · #${movement.id}` : t("inventory.reverse.title")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" danger type="primary" data-testid="reverse-submit" loading={submitting} onClick={() => form.submit()}>
          {t("inventory.reverse.submit")}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon message={t("inventory.reverse.hint")} style={{ marginBottom: 16 }} />
      <Form<{ reason: string }> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="reverse-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
