import { useEffect, useState } from "react";
import { Alert, Button, Form, Input, Modal } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";

interface Props {
  open: boolean;
  title: string;
  hint?: string;
  okText: string;
  danger?: boolean;
  reasonRequired?: boolean;
  testId: string;
  onClose: () => void;
  /** Runs the action; a thrown error is shown in the dialog. */
  onSubmit: (reason: string) => Promise<void>;
}

/** A confirmation that asks for a reason (cancel an order or a stocktake, send a count back). */
export function ReasonModal({ open, title, hint, okText, danger, reasonRequired, testId, onClose, onSubmit }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
  }, [open, form]);

  async function onFinish(values: { reason?: string }) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      await onSubmit((values.reason ?? "").trim());
    } catch (err) {
      setTopError(handleError(err, form, ["reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" danger={danger} data-testid={`${testId}-submit`} loading={submitting} onClick={() => form.submit()}>
          {okText}
        </Button>,
      ]}
    >
      {hint ? <Alert type={danger ? "warning" : "info"} showIcon message={hint} style={{ marginBottom: 16 }} /> : null}
      <Form<{ reason: string }> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item
          name="reason"
          label={t(reasonRequired ? "common.reason" : "inventory.reasonOptional")}
          rules={reasonRequired ? [{ required: true, whitespace: true, message: t("validation.required") }] : []}
        >
          <Input.TextArea data-testid={`${testId}-reason`} rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
