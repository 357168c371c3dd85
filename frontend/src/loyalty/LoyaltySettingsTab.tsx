import { useEffect, useState } from "react";
import { Alert, App, Button, Form, Input, Radio, Space, Spin } from "antd";
import { useSession } from "../auth/SessionProvider";
import { FormError } from "../components/FormError";
import { useApiErrorHandler, useDismissApiError } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { getLoyaltySettings, updateLoyaltySettings } from "./api";
import type { LoyaltySettings } from "./types";

/** Member number prefix and stored-value spending order; only the owner may change them. */
export function LoyaltySettingsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const dismissError = useDismissApiError();
  const [form] = Form.useForm<LoyaltySettings>();
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const owner = session?.user?.role === "owner";

  useEffect(() => {
    let cancelled = false;
    getLoyaltySettings()
      .then((s) => !cancelled && form.setFieldsValue(s))
      .catch((err: unknown) => !cancelled && setTopError(handleError(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [form, handleError]);

  async function onFinish(values: LoyaltySettings) {
    setTopError(null);
    dismissError();
    setSaving(true);
    try {
      form.setFieldsValue(await updateLoyaltySettings({ ...values, member_no_prefix: values.member_no_prefix.trim() }));
      message.success(t("loyaltySettings.saved"));
    } catch (err) {
      setTopError(handleError(err, form, ["member_no_prefix", "spend_order"]));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Spin spinning={loading}>
      {!owner ? <Alert type="info" showIcon message={t("loyaltySettings.ownerOnly")} style={{ marginBottom: 16 }} /> : null}
      <Form<LoyaltySettings>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        disabled={!owner || saving}
        style={{ maxWidth: 520 }}
        initialValues={{ member_no_prefix: "", spend_order: "bonus_first" }}
      >
        <Form.Item name="member_no_prefix" label={t("loyaltySettings.prefix")} extra={t("loyaltySettings.prefixHelp")}>
          <Input data-testid="settings-member-prefix" maxLength={8} autoComplete="off" style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="spend_order" label={t("loyaltySettings.spendOrder")} extra={t("loyaltySettings.spendOrderHelp")}>
          <Radio.Group data-testid="settings-spend-order">
            <Space direction="vertical">
              <Radio value="bonus_first">{t("spendOrder.bonus_first")}</Radio>
              <Radio value="principal_first">{t("spendOrder.principal_first")}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <FormError message={topError} />
        {owner ? (
          <Button type="primary" htmlType="submit" data-testid="settings-save" loading={saving}>
            {t("common.save")}
          </Button>
        ) : null}
      </Form>
    </Spin>
  );
}
