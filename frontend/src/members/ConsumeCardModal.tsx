import { useEffect, useState } from "react";
import { App, Button, Form, InputNumber, Modal, Select } from "antd";
import { FormError } from "../components/FormError";
import { useMoney } from "../components/money";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { consumeCard } from "../loyalty/api";
import type { CardSummary } from "../loyalty/types";
import { CardBalances } from "./CardBalances";

interface Values {
  service?: string;
  count: number | null;
}

interface Props {
  open: boolean;
  card: CardSummary | null;
  onClose: () => void;
  onDone: () => void;
}

/** Use sessions of one service on a count card, or minutes on a time card (Idempotency-Key). */
export function ConsumeCardModal({ open, card, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const isCount = card?.card_type.kind === "count";
  const sessions = card?.balances && "sessions" in card.balances && card.balances.sessions ? card.balances.sessions : {};
  const services = Object.entries(sessions);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    const firstWithBalance = services.find(([, n]) => Number(n) > 0) ?? services[0];
    form.setFieldsValue({ service: firstWithBalance?.[0], count: 1 });
  }, [open, card, form]);

  async function onFinish(v: Values) {
    if (!card) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const n = Number(v.count);
    try {
      await consumeCard(card.id, isCount ? { service: v.service ?? "", sessions: n } : { minutes: n }, idem.get());
      idem.settle();
      message.success(t("consume.done"));
      onDone();
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, isCount ? ["service"] : []));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={`${isCount ? t("consume.titleSessions") : t("consume.titleMinutes")}${card ? ` · ${card.number}` : ""}`}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="consume-submit" loading={submitting} onClick={() => form.submit()}>
          {t("consume.submit")}
        </Button>,
      ]}
    >
      {card ? (
        <div style={{ marginBottom: 12 }}>
          <CardBalances balances={card.balances} />
        </div>
      ) : null}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        {isCount ? (
          <Form.Item name="service" label={t("consume.service")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select
              data-testid="consume-service"
              options={services.map(([service, n]) => ({
                value: service,
                label: `${service} (${t("balance.sessionsValue", { count: quantity(n) })})`,
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="count"
          label={isCount ? t("consume.sessions") : t("consume.minutes")}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <InputNumber data-testid="consume-count" min={1} precision={0} style={{ width: "100%" }} autoFocus />
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
