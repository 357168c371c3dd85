import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, Modal, Row } from "antd";
import { FormError } from "../../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { createSupplier, updateSupplier } from "./api";
import type { Supplier, SupplierPayload } from "./types";

const FIELDS = ["name", "contact", "phone", "email", "note", "active"];

interface Props {
  open: boolean;
  supplier: Supplier | null;
  onClose: () => void;
  onSaved: (supplier: Supplier) => void;
}

export function SupplierModal({ open, supplier, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<SupplierPayload>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (supplier) form.setFieldsValue(supplier);
  }, [open, supplier, form]);

  async function onFinish(values: SupplierPayload) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: SupplierPayload = {
      name: values.name.trim(),
      contact: (values.contact ?? "").trim(),
      phone: (values.phone ?? "").trim(),
      email: (values.email ?? "").trim(),
      note: (values.note ?? "").trim(),
      active: !!values.active,
    };
    try {
      onSaved(supplier ? await updateSupplier(supplier.id, payload) : await createSupplier(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={supplier ? t("inventory.supplier.editTitle") : t("inventory.supplier.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="supplier-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<SupplierPayload>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ active: true }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Form.Item name="name" label={t("inventory.supplier.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input data-testid="supplier-form-name" maxLength={200} autoComplete="off" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="contact" label={t("inventory.supplier.contact")}>
              <Input data-testid="supplier-form-contact" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t("inventory.supplier.phone")}>
              <Input data-testid="supplier-form-phone" maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="email" label={t("inventory.supplier.email")} rules={[{ type: "email", message: t("validation.email") }]}>
          <Input data-testid="supplier-form-email" maxLength={254} autoComplete="off" />
        </Form.Item>
        <Form.Item name="note" label={t("inventory.supplier.note")}>
          <Input.TextArea data-testid="supplier-form-note" rows={2} />
        </Form.Item>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="supplier-form-active">{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
