import { useEffect, useState } from "react";
import { App, Alert, Button, Col, Form, Input, InputNumber, Modal, Row } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { adjustCard } from "../loyalty/api";
import type { CardSummary } from "../loyalty/types";
import { CardBalances } from "./CardBalances";

interface Values {
  principal_delta: string | null;
  bonus_delta: string | null;
  reason: string;
}

const DELTA = /^-?\d+(\.\d{1,2})?$/;
const isZero = (v: string | null | undefined) => !v || !/[1-9]/.test(v);

interface Props {
  open: boolean;
  card: CardSummary | null;
  onClose: () => void;
  onDone: () => void;
}

/** Owner/manager correction of a stored-value card: signed principal and bonus changes with a reason. */
export function AdjustCardModal({ open, card, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
  }, [open, form]);

  async function onFinish(values: Values) {
    if (!card) return;
    const principal = values.principal_delta ? String(values.principal_delta) : "0";
    const bonus = values.bonus_delta ? String(values.bonus_delta) : "0";
    if (isZero(principal) && isZero(bonus)) {
      setTopError(t("adjust.nothing"));
      return;
    }
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      await adjustCard(card.id, { principal_delta: principal, bonus_delta: bonus, reason: values.reason.trim() }, idem.get());
      idem.settle();
      message.success(t("adjust.done"));
      onDone();
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["principal_delta", "bonus_delta", "reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  const deltaRule = {
    validator: (_: unknown, value: string | null) =>
      !value || DELTA.test(String(value)) ? Promise.resolve() : Promise.reject(new Error(t("validation.amount"))),
  };

  return (
    <Modal
      open={open}
      title={`${t("adjust.title")}${card ? ` · ${card.number}` : ""}`}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="adjust-submit" loading={submitting} onClick={() => form.submit()}>
          {t("adjust.submit")}
        </Button>,
      ]}
    >
      {card ? (
        <div style={{ marginBottom: 12 }}>
          <CardBalances balances={card.balances} />
        </div>
      ) : null}
      <Alert type="info" showIcon message={t("adjust.hint")} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="principal_delta" label={t("adjust.principal")} rules={[deltaRule]}>
              <InputNumber<string> data-testid="adjust-principal" stringMode precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="bonus_delta" label={t("adjust.bonus")} rules={[deltaRule]}>
              <InputNumber<string> data-testid="adjust-bonus" stringMode precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="adjust-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
