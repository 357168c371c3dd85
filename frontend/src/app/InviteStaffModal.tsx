import { useState } from "react";
import { App, Alert, Button, Form, Input, Modal, Select, Space, Typography } from "antd";
import { CopyOutlined } from "@ant-design/icons";
import { inviteStaff } from "../api/endpoints";
import type { InvitationCreated, Role } from "../api/types";
import type { Store } from "../catalog/types";
import { FormError } from "../components/FormError";
import { filterByValueOrLabel } from "../components/selectSearch";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useT } from "../i18n";
import { copyText } from "./copyText";
import { storeOptions } from "./StaffStoresModal";

interface InviteValues {
  email: string;
  name: string;
  role: Role;
  stores: number[];
}

interface Props {
  open: boolean;
  /** Roles the current user may hand out. */
  roles: readonly Role[];
  /** The shop's stores, to limit the new account to some of them. */
  stores?: Store[];
  onClose: () => void;
  onInvited: (result: InvitationCreated) => void;
}

export function InviteStaffModal({ open, roles, stores = [], onClose, onInvited }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<InviteValues>();
  const [result, setResult] = useState<InvitationCreated | null>(null);
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  function reset() {
    form.resetFields();
    setResult(null);
    setTopError(null);
    setSubmitting(false);
  }

  async function onFinish(values: InviteValues) {
    setTopError(null);
    dismissError();
    setSubmitting(true);
    try {
      const created = await inviteStaff({
        ...values,
        email: values.email.trim(),
        name: values.name.trim(),
        stores: values.role === "owner" ? [] : (values.stores ?? []),
      });
      setResult(created);
      onInvited(created);
    } catch (err) {
      setTopError(handleError(err, form, ["email", "name", "role", "stores"]));
    } finally {
      setSubmitting(false);
    }
  }

  async function onCopy() {
    if (!result) return;
    if (await copyText(result.invite_url)) message.success(t("common.copied"));
    else message.warning(t("common.copyFailed"));
  }

  const footer = result
    ? [
        <Button key="another" onClick={reset}>
          {t("invite.another")}
        </Button>,
        <Button key="done" type="primary" data-testid="invite-done" onClick={onClose}>
          {t("invite.done")}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button key="submit" type="primary" data-testid="invite-submit" loading={submitting} onClick={() => form.submit()}>
          {t("invite.submit")}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={result ? t("invite.sentTitle") : t("invite.title")}
      onCancel={onClose}
      afterClose={reset}
      footer={footer}
      forceRender
      maskClosable={!submitting}
    >
      {result ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Alert type="success" showIcon message={t("invite.sentBody", { email: result.user.email })} />
          <Space.Compact style={{ width: "100%" }}>
            <Typography.Paragraph
              style={{
                flex: 1,
                margin: 0,
                padding: "4px 11px",
                border: "1px solid #d9d9d9",
                borderRadius: "8px 0 0 8px",
                background: "#fafafa",
                wordBreak: "break-all",
                fontFamily: "monospace",
              }}
            >
              <span data-testid="invite-url">{result.invite_url}</span>
            </Typography.Paragraph>
            <Button data-testid="invite-copy" icon={<CopyOutlined />} onClick={() => void onCopy()} style={{ height: "auto" }}>
              {t("common.copy")}
            </Button>
          </Space.Compact>
        </Space>
      ) : (
        <Form<InviteValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ role: "cashier", stores: [] }}
          onFinish={onFinish}
          disabled={submitting}
        >
          <Form.Item
            name="email"
            label={t("invite.email")}
            rules={[
              { required: true, message: t("validation.required") },
              { type: "email", message: t("validation.email") },
            ]}
          >
            <Input data-testid="invite-email" type="email" autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t("invite.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
            <Input data-testid="invite-name" autoComplete="off" maxLength={150} />
          </Form.Item>
          <Form.Item name="role" label={t("invite.role")} rules={[{ required: true, message: t("validation.required") }]}>
            <Select
              data-testid="invite-role"
              showSearch
              filterOption={filterByValueOrLabel}
              options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(prev: InviteValues, next: InviteValues) => prev.role !== next.role}>
            {({ getFieldValue }) =>
              getFieldValue("role") === "owner" ? (
                <Typography.Paragraph type="secondary">{t("staffStores.ownerAll")}</Typography.Paragraph>
              ) : (
                <Form.Item name="stores" label={t("staffStores.label")} extra={t("staffStores.help")}>
                  <Select<number[]>
                    data-testid="invite-stores"
                    mode="multiple"
                    allowClear
                    showSearch
                    filterOption={filterByValueOrLabel}
                    placeholder={t("staffStores.all")}
                    options={storeOptions(stores)}
                  />
                </Form.Item>
              )
            }
          </Form.Item>
          <FormError message={topError} />
          {/* Enter in a text field submits the form. */}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      )}
    </Modal>
  );
}
