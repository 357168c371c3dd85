import { useEffect, useRef, useState } from "react";
import { App, Button, Form, InputNumber, Modal, Typography } from "antd";
import { FormError } from "../components/FormError";
import { isPositiveAmount, useMoney } from "../components/money";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useDebounced } from "../components/useDebounced";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { previewTopUp, spendCard, topUpCard } from "../loyalty/api";
import type { CardSummary, TopUpPreview } from "../loyalty/types";
import { CardBalances } from "./CardBalances";

interface Props {
  mode: "top_up" | "spend";
  open: boolean;
  card: CardSummary | null;
  onClose: () => void;
  onDone: () => void;
}

/** Top up (with a live bonus preview) or spend a stored-value card. */
export function TopUpModal({ mode, open, card, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { money, currency } = useMoney();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<{ amount: string | null }>();
  const amountRef = useRef<HTMLInputElement & { nativeElement: HTMLElement }>(null);
  const [amount, setAmount] = useState<string | null>(null);
  const [preview, setPreview] = useState<TopUpPreview | null>(null);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const debouncedAmount = useDebounced(amount, 250);
  const prefix = mode === "top_up" ? "topup" : "spend";
  const cardTypeId = card?.card_type.id;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setAmount(null);
    setPreview(null);
    setTopError(null);
  }, [open, form]);

  useEffect(() => {
    if (mode !== "top_up" || !open || cardTypeId === undefined || !isPositiveAmount(debouncedAmount)) {
      setPreview(null);
      return;
    }
    const controller = new AbortController();
    previewTopUp(cardTypeId, debouncedAmount!.trim(), controller.signal)
      .then((p) => setPreview(p))
      .catch(() => !controller.signal.aborted && setPreview(null)); // the preview is informational only
    return () => controller.abort();
  }, [mode, open, cardTypeId, debouncedAmount]);

  async function onFinish(values: { amount: string | null }) {
    if (!card || !isPositiveAmount(values.amount)) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const value = values.amount!.trim();
      const key = idem.get();
      await (mode === "top_up" ? topUpCard(card.id, value, key) : spendCard(card.id, value, key));
      idem.settle();
      message.success(mode === "top_up" ? t("topup.done") : t("spend.done"));
      onDone();
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["amount"]));
    } finally {
      setSubmitting(false);
    }
  }

  const showPreview = mode === "top_up" && preview && isPositiveAmount(amount) && preview.amount !== undefined;

  return (
    <Modal
      open={open}
      title={`${mode === "top_up" ? t("topup.title") : t("spend.title")}${card ? ` · ${card.number}` : ""}`}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      afterOpenChange={(visible) => visible && amountRef.current?.focus()}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="submit"
          type="primary"
          data-testid={`${prefix}-submit`}
          loading={submitting}
          disabled={!isPositiveAmount(amount)}
          onClick={() => form.submit()}
        >
          {mode === "top_up" ? t("topup.submit") : t("spend.submit")}
        </Button>,
      ]}
    >
      {card ? (
        <div style={{ marginBottom: 16 }}>
          <CardBalances balances={card.balances} />
        </div>
      ) : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item
          name="amount"
          label={t("topup.amount", { currency: currency ?? "" })}
          rules={[
            { required: true, message: t("validation.required") },
            {
              validator: (_, value: string | null) =>
                !value || isPositiveAmount(String(value)) ? Promise.resolve() : Promise.reject(new Error(t("validation.amount"))),
            },
          ]}
        >
          <InputNumber<string>
            data-testid={`${prefix}-amount`}
            stringMode
            min="0"
            step="100"
            precision={2}
            inputMode="decimal"
            ref={amountRef}
            style={{ width: "100%" }}
            onChange={(value) => setAmount(value === null ? null : String(value))}
            onPressEnter={() => form.submit()}
          />
        </Form.Item>
        {mode === "top_up" ? (
          <div data-testid="topup-preview" style={{ minHeight: 22, marginBottom: 16 }}>
            {showPreview ? (
              <Typography.Text type={preview.rule ? "success" : "secondary"}>
                {preview.rule
                  ? t("topup.preview", {
                      pay: money(preview.amount),
                      total: money(preview.total),
                      bonus: money(preview.bonus),
                      rule: preview.rule.name,
                    })
                  : t("topup.previewNoRule", { pay: money(preview.amount), total: money(preview.total) })}
              </Typography.Text>
            ) : null}
          </div>
        ) : null}
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
