import { useEffect, useState } from "react";
import { App, Alert, Button, Form, Input, Modal } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n, type MessageKey } from "../i18n";
import { changeCardStatus, replaceCard } from "../loyalty/api";
import type { CardSummary } from "../loyalty/types";

export type StatusAction = "freeze" | "unfreeze" | "report-loss" | "replace";

const TEXT: Record<StatusAction, { title: MessageKey; hint: MessageKey; submit: MessageKey; done: MessageKey }> = {
  freeze: { title: "cards.freeze", hint: "status.freezeHint", submit: "cards.freeze", done: "status.frozen" },
  unfreeze: { title: "cards.unfreeze", hint: "status.unfreezeHint", submit: "cards.unfreeze", done: "status.unfrozen" },
  "report-loss": { title: "cards.reportLoss", hint: "status.lossHint", submit: "cards.reportLoss", done: "status.lost" },
  replace: { title: "cards.replace", hint: "status.replaceHint", submit: "cards.replace", done: "status.replaced" },
};

interface Values {
  reason?: string;
  number?: string;
}

interface Props {
  action: StatusAction | null;
  card: CardSummary | null;
  onClose: () => void;
  onDone: () => void;
}

/** Freeze, unfreeze, report loss (with a reason) or replace a card (new number optional). */
export function CardStatusModal({ action, card, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const open = action !== null;
  const idem = useIdempotencyKey(open); // replace moves the balances to the new card
  const [form] = Form.useForm<Values>();
  const [shown, setShown] = useState<StatusAction>("freeze");
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const replacing = shown === "replace";

  useEffect(() => {
    if (!action) return;
    setShown(action);
    form.resetFields();
    setTopError(null);
  }, [action, form]);

  async function onFinish(values: Values) {
    if (!card || !action) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const reason = (values.reason ?? "").trim();
    try {
      if (action === "replace") {
        const number = values.number?.trim();
        const created = await replaceCard(card.id, { reason, ...(number ? { number } : {}) }, idem.get());
        idem.settle();
        message.success(t("status.replacedWith", { number: created.number }));
      } else {
        await changeCardStatus(card.id, action, reason);
        message.success(t(TEXT[action].done));
      }
      onDone();
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["reason", "number"]));
    } finally {
      setSubmitting(false);
    }
  }

  const text = TEXT[shown];
  return (
    <Modal
      open={open}
      title={`${t(text.title)}${card ? ` · ${card.number}` : ""}`}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="submit"
          type="primary"
          danger={shown === "report-loss"}
          data-testid="card-status-submit"
          loading={submitting}
          onClick={() => form.submit()}
        >
          {t(text.submit)}
        </Button>,
      ]}
    >
      <Alert type={shown === "report-loss" ? "warning" : "info"} showIcon message={t(text.hint)} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        {replacing ? (
          <Form.Item name="number" label={t("status.newNumber")} extra={t("issue.numberHelp")}>
            <Input data-testid="card-replace-number" maxLength={32} autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="reason"
          label={t("common.reason")}
          rules={shown === "report-loss" || replacing ? [{ required: true, whitespace: true, message: t("validation.required") }] : []}
        >
          <Input.TextArea data-testid="card-status-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
