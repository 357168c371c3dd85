import { useCallback, useLayoutEffect, useMemo, useState } from "react";
import { App, Badge, Button, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Popconfirm, Row, Space, Table, Tag, type TableColumnsType } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useEditModal } from "../components/useEditModal";
import { useListResource } from "../components/useListResource";
import { useI18n } from "../i18n";
import { createExpenseCategory, deleteExpenseCategory, listExpenseCategories, updateExpenseCategory } from "./api";
import type { ExpenseCategory, ExpenseCategoryPayload } from "./types";

interface Values {
  name: string;
  order: number | null;
  active: boolean;
}

const FIELDS = ["name", "order", "active"];

function CategoryModal({
  open,
  category,
  onClose,
  onSaved,
}: {
  open: boolean;
  category: ExpenseCategory | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const builtIn = !!category?.is_default;

  // Before paint: a field typed into right after opening is never reset.
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    form.setFieldsValue(
      category ? { name: category.name, order: category.order, active: category.active } : { name: "", order: 100, active: true },
    );
  }, [open, category, form]);

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: ExpenseCategoryPayload = { name: (v.name ?? "").trim(), order: v.order ?? 100, active: !!v.active };
    try {
      if (category) await updateExpenseCategory(category.id, payload);
      else await createExpenseCategory(payload);
      message.success(t("expenseCategory.saved"));
      onSaved();
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={category ? t("expenseCategory.editTitle") : t("expenseCategory.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={480}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="expense-category-submit" loading={submitting} onClick={() => form.submit()}>
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting}>
        <Form.Item
          name="name"
          label={t("expenseCategory.name")}
          extra={builtIn ? t("expenseCategory.nameHelpDefault") : undefined}
          rules={builtIn ? [] : [{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input data-testid="expense-category-name" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="order" label={t("expenseCategory.order")}>
              <InputNumber min={0} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="active" valuePropName="checked" label=" ">
              <Checkbox data-testid="expense-category-active">{t("common.active")}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

/** What expenses are filed under: the built-in ones can be renamed or switched off. */
export function ExpenseCategoriesTab() {
  const { t } = useI18n();
  const { items: categories, loading, reload, mutate } = useListResource(listExpenseCategories);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<ExpenseCategory>();

  const onDelete = useCallback(
    (category: ExpenseCategory) => mutate(() => deleteExpenseCategory(category.id), t("expenseCategory.deleted")),
    [mutate, t],
  );

  const columns = useMemo<TableColumnsType<ExpenseCategory>>(
    () => [
      {
        title: t("expenseCategory.name"),
        dataIndex: "name",
        render: (name: string, c) => (
          <Space>
            {name}
            {c.is_default ? <Tag>{t("expenseCategory.default")}</Tag> : null}
          </Space>
        ),
      },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      { title: t("expenseCategory.order"), dataIndex: "order", align: "right", responsive: ["md"] },
      {
        title: "",
        key: "actions",
        render: (_, c) => (
          <Space>
            <Button size="small" icon={<EditOutlined />} data-testid={`expense-category-edit-${c.id}`} onClick={() => openModal(c)}>
              {t("common.edit")}
            </Button>
            <Popconfirm
              title={t("expenseCategory.deleteConfirm")}
              onConfirm={() => onDelete(c)}
              okText={t("common.delete")}
              cancelText={t("common.cancel")}
            >
              <Button size="small" danger icon={<DeleteOutlined />} data-testid={`expense-category-delete-${c.id}`} aria-label={t("common.delete")} />
            </Popconfirm>
          </Space>
        ),
      },
    ],
    [t, onDelete, openModal],
  );

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="expense-category-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("expenseCategory.new")}
        </Button>
      </Flex>
      <div data-testid="expense-category-table">
        <Table<ExpenseCategory> rowKey="id" columns={columns} dataSource={categories} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <CategoryModal
        open={modalOpen}
        category={editing}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
