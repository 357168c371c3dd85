import { useLayoutEffect, useMemo, useState } from "react";
import { Alert, App, Button, Col, Form, Image, Input, InputNumber, List, Modal, Popconfirm, Row, Select, Space, Typography, Upload } from "antd";
import type { UploadFile } from "antd";
import { DeleteOutlined, DownloadOutlined, FilePdfOutlined, PaperClipOutlined } from "@ant-design/icons";
import { allowedStores, sessionStoreIds } from "../app/storeAccess";
import type { Store } from "../catalog/types";
import { FormError } from "../components/FormError";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useSession } from "../auth/SessionProvider";
import { useI18n } from "../i18n";
import { createExpense, downloadAttachment, inlineUrl, removeAttachment, updateExpense, uploadAttachments } from "./api";
import { today } from "./dates";
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  MAX_ATTACHMENTS,
  type Expense,
  type ExpenseAttachment,
  type ExpenseCategory,
  type ExpensePayload,
} from "./types";

interface Values {
  store: number | null;
  category: number | null;
  amount: string | null;
  spent_on: string;
  payee: string;
  note: string;
}

const FIELDS = ["store", "category", "amount", "spent_on", "payee", "note"];
const ALLOWED_NAME = /\.(jpe?g|png|webp|pdf)$/i;

function allowedFile(file: File): boolean {
  return ATTACHMENT_ACCEPT.split(",").includes(file.type) || ALLOWED_NAME.test(file.name);
}

interface Props {
  open: boolean;
  expense: Expense | null;
  stores: Store[];
  categories: ExpenseCategory[];
  onClose: () => void;
  /** After a save, or after an attachment was removed (the list should refresh). */
  onSaved: (saved: Expense, close: boolean) => void;
}

/** Record or correct an expense, with its receipts; a voided expense is shown read-only. */
export function ExpenseModal({ open, expense, stores, categories, onClose, onSaved }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { currency } = useMoney();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<Values>();
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [pending, setPending] = useState<UploadFile[]>([]);
  const [attachments, setAttachments] = useState<ExpenseAttachment[]>([]);
  const readOnly = !!expense?.voided;
  // Stores still in use that this user works in (the server refuses the others), plus the one this
  // expense already has.
  // Keyed by the ids, not the session object: a refreshed session must not reset an open form.
  const limitKey = sessionStoreIds(session)?.join(",") ?? "all";
  const usableStores = useMemo(
    () => allowedStores(stores.filter((s) => s.active || s.id === expense?.store), session, expense?.store ?? null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stores, expense, limitKey],
  );

  // Before paint: a field typed into right after opening is never reset.
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    setTopError(null);
    setPending([]);
    setAttachments(expense?.attachments ?? []);
    if (expense) {
      form.setFieldsValue({
        store: expense.store,
        category: expense.category,
        amount: expense.amount,
        spent_on: expense.spent_on,
        payee: expense.payee,
        note: expense.note,
      });
    } else {
      const firstStore = usableStores.find((s) => s.active) ?? usableStores[0];
      form.setFieldsValue({ store: firstStore?.id ?? null, spent_on: today(), payee: "", note: "" });
    }
  }, [open, expense, usableStores, form]);

  // Categories still in use, plus the one this expense already has.
  const storeOptions = useMemo(() => usableStores.map((s) => ({ value: s.id, label: s.name })), [usableStores]);
  const categoryOptions = useMemo(
    () =>
      categories
        .filter((c) => c.active || c.id === expense?.category)
        .map((c) => ({ value: c.id, label: c.active ? c.name : t("expenses.inactiveCategory", { name: c.name }) })),
    [categories, expense, t],
  );

  async function onFinish(v: Values) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    const payload: ExpensePayload = {
      store: v.store as number,
      category: v.category as number,
      amount: String(v.amount ?? ""),
      spent_on: v.spent_on,
      payee: (v.payee ?? "").trim(),
      note: (v.note ?? "").trim(),
    };
    let saved: Expense;
    try {
      saved = expense ? await updateExpense(expense.id, payload) : await createExpense(payload);
    } catch (err) {
      setTopError(handleError(err, form, FIELDS));
      setSubmitting(false);
      return;
    }
    const files = pending.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
    if (files.length) {
      try {
        saved = await uploadAttachments(saved.id, files);
      } catch (err) {
        handleError(err);
        message.warning(t("expenses.savedUploadFailed"));
      }
    }
    setSubmitting(false);
    message.success(t("expenses.saved"));
    onSaved(saved, true);
  }

  async function onRemove(attachment: ExpenseAttachment) {
    try {
      const saved = await removeAttachment(attachment.url);
      setAttachments(saved.attachments);
      message.success(t("expenses.attachmentRemoved"));
      onSaved(saved, false);
    } catch (err) {
      handleError(err);
    }
  }

  async function onDownload(attachment: ExpenseAttachment) {
    try {
      await downloadAttachment(attachment.url, attachment.original_name);
    } catch (err) {
      handleError(err);
    }
  }

  const room = MAX_ATTACHMENTS - attachments.length - pending.length;
  const withCurrency = (label: string) => (currency ? `${label} (${currency})` : label);

  return (
    <Modal
      open={open}
      title={readOnly ? t("expenses.viewTitle") : expense ? t("expenses.editTitle") : t("expenses.newTitle")}
      onCancel={onClose}
      maskClosable={!submitting}
      forceRender
      width={680}
      footer={
        readOnly
          ? [
              <Button key="close" onClick={onClose}>
                {t("common.close")}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t("common.cancel")}
              </Button>,
              <Button key="submit" type="primary" data-testid="expense-form-submit" loading={submitting} onClick={() => form.submit()}>
                {t("common.save")}
              </Button>,
            ]
      }
    >
      {readOnly && expense ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("expenses.voidedBy", {
            name: expense.voided_by_name ?? "—",
            date: formatDateTime(expense.voided_at, lang, session?.tenant?.time_zone) ?? "—",
            reason: expense.void_reason,
          })}
        />
      ) : null}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={submitting || readOnly}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="store" label={t("expenses.store")} rules={[{ required: true, message: t("validation.required") }]}>
              <Select data-testid="expense-form-store" showSearch filterOption={filterByValueOrLabel} options={storeOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t("expenses.category")} rules={[{ required: true, message: t("validation.required") }]}>
              <Select
                data-testid="expense-form-category"
                showSearch
                filterOption={filterByValueOrLabel}
                placeholder={t("common.select")}
                options={categoryOptions}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="amount" label={withCurrency(t("expenses.amount"))} rules={[{ required: true, message: t("validation.required") }]}>
              <InputNumber<string> data-testid="expense-form-amount" stringMode min="0.01" precision={2} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name="spent_on" label={t("expenses.spentOn")} rules={[{ required: true, message: t("validation.required") }]}>
              <Input data-testid="expense-form-date" type="date" max="9999-12-31" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="payee" label={t("expenses.payee")}>
              <Input data-testid="expense-form-payee" maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t("expenses.note")}>
              <Input.TextArea data-testid="expense-form-note" rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <FormError message={topError} />
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>

      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <PaperClipOutlined /> {t("expenses.attachments")}
      </Typography.Title>
      {attachments.length ? (
        <List<ExpenseAttachment>
          size="small"
          data-testid="expense-attachments"
          dataSource={attachments}
          renderItem={(a) => (
            <List.Item
              actions={[
                <Button key="download" size="small" icon={<DownloadOutlined />} onClick={() => void onDownload(a)} aria-label={t("expenses.download")} />,
                ...(readOnly
                  ? []
                  : [
                      <Popconfirm
                        key="remove"
                        title={t("expenses.removeAttachmentConfirm")}
                        okText={t("common.delete")}
                        cancelText={t("common.cancel")}
                        onConfirm={() => onRemove(a)}
                      >
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
                      </Popconfirm>,
                    ]),
              ]}
            >
              <Space>
                {a.content_type.startsWith("image/") ? (
                  <Image width={40} height={40} style={{ objectFit: "cover" }} src={inlineUrl(a.url)} alt={a.original_name} />
                ) : (
                  <FilePdfOutlined style={{ fontSize: 28, color: "#cf1322" }} />
                )}
                <Typography.Text>{a.original_name}</Typography.Text>
                <Typography.Text type="secondary">{Math.max(1, Math.round(a.size / 1024))} KB</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : null}
      {readOnly ? null : (
        <>
          <Upload
            multiple
            accept={ATTACHMENT_ACCEPT}
            fileList={pending}
            disabled={submitting}
            beforeUpload={(file) => {
              if (file.size > ATTACHMENT_MAX_BYTES) {
                message.error(t("expenses.fileTooLarge", { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              if (!allowedFile(file)) {
                message.error(t("expenses.fileWrongType", { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              return false; // kept here; sent after the expense is saved
            }}
            onChange={({ fileList }) => {
              if (fileList.length > MAX_ATTACHMENTS - attachments.length) {
                message.error(t("expenses.tooManyFiles", { count: MAX_ATTACHMENTS }));
              }
              setPending(fileList.slice(0, Math.max(0, MAX_ATTACHMENTS - attachments.length)));
            }}
          >
            <Button data-testid="expense-form-files" icon={<PaperClipOutlined />} disabled={room <= 0}>
              {t("expenses.chooseFiles")}
            </Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t("expenses.attachHint")}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
