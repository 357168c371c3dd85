import { useEffect, useState } from "react";
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useDebounced } from "../../components/useDebounced";
import { useI18n } from "../../i18n";
import { lookupCustomers, mergeCustomer } from "../api";
import type { CustomerDetail, CustomerSummary } from "../types";

interface Values {
  remove: number | null;
  reason: string;
}

interface Props {
  open: boolean;
  /** The member kept (this page). */
  customer: CustomerDetail;
  onClose: () => void;
  onMerged: () => void;
}

const describe = (c: CustomerSummary) => [c.name, c.member_no, c.phone_display || c.phone].filter(Boolean).join(" · ");

/** Merge another customer (found by the counter lookup) into this one; owner or manager. */
export function MergeModal({ open, customer, onClose, onMerged }: Props) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const [options, setOptions] = useState<CustomerSummary[]>([]);
  const [searching, setSearching] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    setSearch("");
    setOptions([]);
  }, [open, form]);

  useEffect(() => {
    if (!q) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    lookupCustomers(q, controller.signal)
      .then(({ results }) => setOptions(results.filter((c) => c.id !== customer.id)))
      .catch((err: unknown) => !controller.signal.aborted && handleError(err))
      .finally(() => !controller.signal.aborted && setSearching(false));
    return () => controller.abort();
  }, [q, customer.id, handleError]);

  async function merge(values: Values) {
    setSubmitting(true);
    try {
      await mergeCustomer(customer.id, Number(values.remove), values.reason.trim());
      message.success(t("merge.done"));
      onMerged();
    } catch (err) {
      setTopError(handleError(err, form, ["remove", "reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  function onFinish(values: Values) {
    setTopError(null);
    dismissError();
    const other = options.find((c) => c.id === values.remove);
    modal.confirm({
      title: t("merge.confirmTitle"),
      content: t("merge.confirmText", { remove: other ? describe(other) : `#${values.remove}`, keep: customer.name }),
      okText: t("merge.submit"),
      okButtonProps: { danger: true, "data-testid": "merge-confirm" },
      cancelText: t("common.cancel"),
      onOk: () => merge(values),
    });
  }

  return (
    <Modal
      open={open}
      title={t("merge.title")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" danger data-testid="merge-submit" loading={submitting} onClick={() => form.submit()}>
          {t("merge.submit")}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon message={t("merge.hint", { name: customer.name })} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="remove" label={t("merge.other")} rules={[{ required: true, message: t("validation.required") }]}>
          <Select
            data-testid="merge-search"
            showSearch
            filterOption={false}
            onSearch={setSearch}
            loading={searching}
            placeholder={t("merge.searchPlaceholder")}
            notFoundContent={q ? <Typography.Text type="secondary">{t("merge.noMatch")}</Typography.Text> : null}
            options={options.map((c) => ({ value: c.id, label: describe(c) }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input.TextArea data-testid="merge-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
