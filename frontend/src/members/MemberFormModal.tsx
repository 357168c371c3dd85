import { useEffect, useState } from "react";
import { Button, Checkbox, Col, Form, Input, Modal, Row, Select } from "antd";
import { ApiError, toApiError } from "../api/client";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { createCustomer, updateCustomer } from "./api";
import { CustomFieldInputs } from "./customFields/CustomFieldInputs";
import { buildExtra, type CustomerSchema } from "./customFields/schema";
import { GENDERS, type CustomerDetail, type CustomerPayload, type Gender } from "./types";

interface FormValues {
  name: string;
  phone?: string;
  email?: string;
  birthday?: string;
  gender?: Gender;
  address?: string;
  notes?: string;
  tags?: string[];
  consent_sms?: boolean;
  consent_email?: boolean;
  /** The shop's custom fields, by key. */
  custom?: Record<string, CustomValue>;
}

type CustomValue = string | number | boolean | string[] | null | undefined;

const FIELDS = ["name", "phone", "email", "birthday", "gender", "address", "notes", "tags", "consent_sms", "consent_email"];

interface Props {
  open: boolean;
  /** The member to edit; absent to create a new member. */
  customer?: CustomerDetail | null;
  /** The shop's custom fields; null while loading (then extra is not sent). */
  schema: CustomerSchema | null;
  onClose: () => void;
  onSaved: (customer: CustomerDetail) => void;
}

function toValues(c: CustomerDetail): FormValues {
  return {
    name: c.name,
    phone: c.phone,
    email: c.email,
    birthday: c.birthday ?? "",
    gender: c.gender ?? "",
    address: c.address,
    notes: c.notes,
    tags: c.tags ?? [],
    consent_sms: c.consent_sms,
    consent_email: c.consent_email,
    custom: { ...((c.extra?.custom ?? {}) as Record<string, CustomValue>) },
  };
}

function toPayload(v: FormValues): CustomerPayload {
  return {
    name: v.name.trim(),
    phone: (v.phone ?? "").trim(),
    email: (v.email ?? "").trim(),
    birthday: v.birthday || null,
    gender: v.gender ?? "",
    address: (v.address ?? "").trim(),
    notes: v.notes ?? "",
    tags: (v.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    consent_sms: !!v.consent_sms,
    consent_email: !!v.consent_email,
  };
}

/** Create ("New member", joins at once) or edit a customer's profile. */
const CUSTOM_ERROR_PREFIX = "extra.custom.";

export function MemberFormModal({ open, customer, schema, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<FormValues>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const editing = !!customer;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (customer) form.setFieldsValue(toValues(customer));
    setTopError(null);
  }, [open, customer, form]);

  async function onFinish(values: FormValues) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const payload = toPayload(values);
      if (schema?.fields.length) payload.extra = buildExtra(schema, customer?.extra, values.custom);
      const saved = customer ? await updateCustomer(customer.id, payload) : await createCustomer(payload);
      onSaved(saved);
    } catch (err) {
      // extra.custom.<key> errors go under the custom field inputs; the rest as usual.
      const apiError = toApiError(err);
      const keys = new Set(schema?.fields.map((f) => f.key) ?? []);
      const rest: Record<string, string[]> = {};
      const inline: { name: ["custom", string]; errors: string[] }[] = [];
      for (const [name, messages] of Object.entries(apiError.fields)) {
        const key = name.startsWith(CUSTOM_ERROR_PREFIX) ? name.slice(CUSTOM_ERROR_PREFIX.length) : "";
        if (keys.has(key)) inline.push({ name: ["custom", key], errors: messages });
        else rest[name] = messages;
      }
      if (inline.length) form.setFields(inline);
      setTopError(handleError(new ApiError(apiError.status, apiError.code, apiError.message, rest), form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={editing ? t("memberForm.editTitle") : t("memberForm.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={640}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="member-form-submit" loading={submitting} onClick={() => form.submit()}>
          {editing ? t("common.save") : t("memberForm.create")}
        </Button>,
      ]}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ gender: "", tags: [], consent_sms: false, consent_email: false }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t("memberForm.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
              <Input data-testid="member-form-name" maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t("memberForm.phone")}>
              <Input data-testid="member-form-phone" type="tel" maxLength={20} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t("memberForm.email")} rules={[{ type: "email", message: t("validation.email") }]}>
              <Input data-testid="member-form-email" type="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday" label={t("memberForm.birthday")}>
              <Input data-testid="member-form-birthday" type="date" max="9999-12-31" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="gender" label={t("memberForm.gender")}>
              <Select
                data-testid="member-form-gender"
                options={GENDERS.map((g) => ({ value: g, label: t(g ? `gender.${g}` : "gender.unspecified") }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="tags" label={t("memberForm.tags")}>
              <Select data-testid="member-form-tags" mode="tags" tokenSeparators={[",", "，"]} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t("memberForm.address")}>
              <Input data-testid="member-form-address" maxLength={255} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t("memberForm.notes")}>
              <Input.TextArea data-testid="member-form-notes" rows={2} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="consent_sms" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid="member-form-consent-sms">{t("memberForm.consentSms")}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="consent_email" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid="member-form-consent-email">{t("memberForm.consentEmail")}</Checkbox>
            </Form.Item>
          </Col>
          <CustomFieldInputs fields={schema?.fields ?? []} />
        </Row>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
