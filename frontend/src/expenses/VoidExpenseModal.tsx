import { useLayoutEffect, useState } from "react";
import { Alert, Button, Form, Input, Modal } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { voidExpense } from "./api";
import type { Expense } from "./types";

interface Props {
  expense: Expense | null;
  onClose: () => void;
  onVoided: (expense: Expense) => void;
}

/** Ask why, then void: the expense stays on record but leaves the totals. */
export function VoidExpenseModal({ expense, onClose, onVoided }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // Before paint: a field typed into right after opening is never reset.
  useLayoutEffect(() => {
    if (!expense) return;
    form.resetFields();
    setTopError(null);
  }, [expense, form]);

  async function onFinish({ reason }: { reason: string }) {
    if (!expense) return;
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      onVoided(await voidExpense(expense.id, reason.trim()));
    } catch (err) {
      setTopError(handleError(err, form, ["reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={expense !== null}
      title={t("expenses.voidTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" danger type="primary" data-testid="expense-void-submit" loading={submitting} onClick={() => form.submit()}>
          {t("expenses.void")}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon message={t("expenses.voidHelp")} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="reason" label={t("expenses.voidReason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="expense-void-reason" rows={3} maxLength={1000} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
