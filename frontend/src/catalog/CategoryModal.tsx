import { useEffect, useMemo, useState } from "react";
import { Button, Col, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import { FormError } from "../components/FormError";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { createCategory, updateCategory } from "./api";
import type { Category, CategoryPayload } from "./types";

interface Values {
  name: string;
  parent: number | null;
  order: number | null;
}

const FIELDS = ["name", "parent", "order"];
const DEFAULTS: Partial<Values> = { parent: null, order: 100 };

/** Ids of `id` and everything below it (a category cannot move inside itself). */
function selfAndDescendants(categories: Category[], id: number): Set<number> {
  const out = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parent !== null && out.has(c.parent) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}

interface Props {
  open: boolean;
  category: Category | null;
  categories: Category[];
  onClose: () => void;
  onSaved: (saved: Category) => void;
}

export function CategoryModal({ open, category, categories, onClose, onSaved }: Props) {
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
    if (category) form.setFieldsValue(category);
  }, [open, category, form]);

  const parentOptions = useMemo(() => {
    const excluded = category ? selfAndDescendants(categories, category.id) : new Set<number>();
    return categories.filter((c) => !excluded.has(c.id)).map((c) => ({ value: c.id, label: c.name }));
  }, [categories, category]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: CategoryPayload = { name: v.name.trim(), parent: v.parent ?? null, order: v.order ?? 100 };
    try {
      onSaved(category ? await updateCategory(category.id, payload) : await createCategory(payload));
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={category ? t("category.editTitle") : t("category.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={520}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="category-form-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={DEFAULTS} onFinish={onFinish} disabled={submitting}>
        <Form.Item name="name" label={t("category.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
          <Input data-testid="category-form-name" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item name="parent" label={t("category.parent")}>
              <Select
                data-testid="category-form-parent"
                allowClear
                showSearch
                filterOption={filterByValueOrLabel}
                placeholder={t("category.noParent")}
                options={parentOptions}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="order" label={t("category.order")}>
              <InputNumber data-testid="category-form-order" min={0} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
