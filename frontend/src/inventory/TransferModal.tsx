import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Col, Form, Input, Modal, Row, Select } from "antd";
import type { Store } from "../catalog/types";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useIdempotencyKey } from "../components/useIdempotencyKey";
import { useI18n } from "../i18n";
import { createTransfer } from "./api";
import { StockLinesField, toLines, type LineValues } from "./StockLinesField";
import { pickStore, useActionStores } from "./storeChoices";
import type { Transfer } from "./types";

interface Values {
  from_store: number;
  to_store: number;
  lines: LineValues[];
  reason?: string;
}

interface Props {
  open: boolean;
  stores: Store[];
  fromStore?: number;
  onClose: () => void;
  onDone: (transfer: Transfer) => void;
}

/** Send goods to another store: they leave now and are in transit until received there. */
export function TransferModal({ open, stores, fromStore, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const idem = useIdempotencyKey(open);
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = Form.useWatch("from_store", form);
  const active = useMemo(() => stores.filter((s) => s.active), [stores]);
  // Goods leave only a store the user works in (the server checks from_store); any store may receive them.
  const fromChoices = useActionStores(active);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    const first = pickStore(fromChoices, fromStore);
    form.setFieldsValue({ from_store: first, to_store: active.find((s) => s.id !== first)?.id, lines: [{}], reason: "" });
  }, [open, form, fromStore, active, fromChoices]);

  async function onFinish(values: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const transfer = await createTransfer(
        { from_store: values.from_store, to_store: values.to_store, lines: toLines(values.lines), reason: (values.reason ?? "").trim() },
        idem.get(),
      );
      idem.settle();
      message.success(t("inventory.transfer.sent"));
      onDone(transfer);
    } catch (err) {
      idem.settle(err);
      setTopError(handleError(err, form, ["from_store", "to_store", "reason"]));
    } finally {
      setSubmitting(false);
    }
  }

  const options = active.map((s) => ({ value: s.id, label: s.name }));

  return (
    <Modal
      open={open}
      title={t("inventory.transfer.new")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={720}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="transfer-submit" loading={submitting} onClick={() => form.submit()}>
          {t("inventory.transfer.send")}
        </Button>,
      ]}
    >
      {active.length < 2 ? <Alert type="warning" showIcon message={t("inventory.transfer.needTwoStores")} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="from_store" label={t("inventory.transfer.from")} rules={[{ required: true, message: t("validation.required") }]}>
              <Select data-testid="transfer-from" options={fromChoices.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="to_store"
              label={t("inventory.transfer.to")}
              dependencies={["from_store"]}
              rules={[
                { required: true, message: t("validation.required") },
                {
                  validator: async (_, v) => {
                    if (v != null && v === form.getFieldValue("from_store")) throw new Error(t("inventory.transfer.sameStore"));
                  },
                },
              ]}
            >
              <Select data-testid="transfer-to" options={options.filter((o) => o.value !== from)} />
            </Form.Item>
          </Col>
        </Row>
        <StockLinesField testPrefix="transfer-line" />
        <Form.Item name="reason" label={t("inventory.reasonOptional")}>
          <Input.TextArea data-testid="transfer-reason" rows={2} maxLength={500} />
        </Form.Item>
        <FormError message={topError} />
      </Form>
    </Modal>
  );
}
