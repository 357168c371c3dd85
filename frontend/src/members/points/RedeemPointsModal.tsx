import { useEffect, useState } from "react";
import { Alert, App, Button, Descriptions, Form, InputNumber, Modal } from "antd";
import { multiplyDecimal } from "../../components/decimal";
import { FormError } from "../../components/FormError";
import { useMoney } from "../../components/money";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useIdempotencyKey } from "../../components/useIdempotencyKey";
import { useI18n } from "../../i18n";
import { redeemPoints } from "../../loyalty/points/api";
import type { PointsSummary, RedeemResult } from "../../loyalty/points/types";

interface Values {
  points: string | null;
}

interface Props {
  open: boolean;
  customerId: number;
  summary: PointsSummary | null;
  onClose: () => void;
  onDone: (result: RedeemResult) => void;
}

/** Redeem points for their money value (Idempotency-Key per opening). */
export function RedeemPointsModal({ open, customerId, summary, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { money, quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const amount = Form.useWatch("points", form);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const fractional = summary?.fractional ?? false;
  // Estimate at the shop's point value (the server rounds the same way: half up to cents).
  const value = amount && summary ? multiplyDecimal(String(amount), summary.point_value) : null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
  }, [open, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const result = await redeemPoints(customerId, String(v.points), idem.get());
      idem.settle();
      message.success(t("points.redeemed", { points: quantity(result.points), value: money(result.value) }));
      onDone(result);
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["points"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("points.redeemTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="points-redeem-submit" loading={submitting} onClick={() => form.submit()}>
          {t("points.redeemSubmit")}
        </Button>,
      ]}
    >
      {summary ? (
        <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t("points.available")}>{quantity(summary.available)}</Descriptions.Item>
          <Descriptions.Item label={t("points.valuePerPoint")}>{money(summary.point_value)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="points" label={t("points.redeemAmount")} rules={[{ required: true, message: t("validation.required") }]}>
          <InputNumber<string>
            data-testid="points-redeem-amount"
            stringMode
            min={fractional ? "0.01" : "1"}
            max={summary?.available}
            precision={fractional ? 2 : 0}
            style={{ width: "100%" }}
            autoFocus
          />
        </Form.Item>
        <Alert
          type="info"
          showIcon
          data-testid="points-redeem-value"
          message={t("points.redeemValue", { value: value ? money(value) : "—" })}
          style={{ marginBottom: 16 }}
        />
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
