import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, Modal, Row } from "antd";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { createStore, updateStore } from "./api";
import type { Store, StorePayload } from "./types";

type Values = StorePayload;

const FIELDS = ["name", "code", "address", "phone", "active"];
const DEFAULTS: Partial<Values> = { active: true };

interface Props {
  open: boolean;
  store: Store | null;
  onClose: () => void;
  onSaved: (saved: Store) => void;
}

export function StoreModal({ open, store, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    if (store) form.setFieldsValue(store);
  }, [open, store, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: StorePayload = {
      name: v.name.trim(),
      code: v.code.trim(),
      address: (v.address ?? "").trim(),
      phone: (v.phone ?? "").trim(),
      active: !!v.active,
    };
    try {
      onSaved(store ? await updateStore(store.id, payload) : await createStore(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  const required = [{ required: true, whitespace: true, message: t("validation.required") }];

  return (
    <Modal
      open={open}
      title={store ? t("store.editTitle") : t("store.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="store-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={DEFAULTS} onFinish={onFinish} disabled={submitting}>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t("store.name")} rules={required}>
              <Input data-testid="store-form-name" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="code" label={t("store.code")} rules={required}>
              <Input data-testid="store-form-code" maxLength={32} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t("store.address")}>
              <Input data-testid="store-form-address" maxLength={255} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t("store.phone")}>
              <Input data-testid="store-form-phone" maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="active" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="store-form-active">{t("common.active")}</Checkbox>
        </Form.Item>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
