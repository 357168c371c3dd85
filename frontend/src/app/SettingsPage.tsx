import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from "antd";
import { EditOutlined } from "@ant-design/icons";
import { toApiError } from "../api/client";
import { listPlugins, updateShopProfile } from "../api/endpoints";
import type { Plugin } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { FormError } from "../components/FormError";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { LANG_LABELS, LANGS, normalizeLang, useI18n } from "../i18n";

interface ProfileValues {
  name: string;
  language: string;
  time_zone: string;
}

const PROFILE_FIELDS = ["name", "language", "time_zone"];

/** The browser's list of IANA zones (the server checks the choice), with the current one kept. */
function timeZones(current: string): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported("timeZone") : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

/** The owner's form for the shop's name, language and time zone. */
function ShopProfileForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { session, refresh } = useSession();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<ProfileValues>();
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const tenant = session!.tenant;
  const zones = useMemo(() => timeZones(tenant.time_zone), [tenant.time_zone]);

  async function onFinish(values: ProfileValues) {
    setSaving(true);
    setTopError(null);
    try {
      await updateShopProfile({ name: values.name.trim(), language: values.language, time_zone: values.time_zone });
      await refresh();
      message.success(t("settings.saved"));
      onDone();
    } catch (err) {
      setTopError(handleError(err, form, PROFILE_FIELDS));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<ProfileValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 520 }}
      initialValues={{ name: tenant.name, language: normalizeLang(tenant.language) ?? tenant.language, time_zone: tenant.time_zone }}
      onFinish={(v) => void onFinish(v)}
      data-testid="shop-profile-form"
    >
      <FormError message={topError} />
      <Form.Item name="name" label={t("settings.name")} rules={[{ required: true, whitespace: true, message: t("validation.required") }]}>
        <Input data-testid="shop-profile-name" maxLength={100} />
      </Form.Item>
      <Form.Item name="language" label={t("settings.language")} extra={t("settings.languageHint")}>
        <Select data-testid="shop-profile-language" options={LANGS.map((l) => ({ value: l, label: LANG_LABELS[l] }))} />
      </Form.Item>
      <Form.Item name="time_zone" label={t("settings.timeZone")} extra={t("settings.timeZoneHint")}>
        <Select data-testid="shop-profile-time-zone" showSearch options={zones.map((z) => ({ value: z, label: z }))} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="shop-profile-save">
          {t("common.save")}
        </Button>
        <Button onClick={onDone} disabled={saving}>
          {t("common.cancel")}
        </Button>
      </Space>
    </Form>
  );
}

/** The shop's information (the owner edits name, language and time zone) and the plugin list. */
export function SettingsPage() {
  const { t, tOpt } = useI18n();
  const { session } = useSession();
  const [editing, setEditing] = useState(false);
  const [plugins, setPlugins] = useState<Plugin[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    listPlugins()
      .then((data) => !cancelled && setPlugins(data.plugins ?? []))
      .catch((err: unknown) => !cancelled && setError(toApiError(err).message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, []);

  const columns = useMemo<TableColumnsType<Plugin>>(
    () => [
      {
        title: t("plugins.col.name"),
        dataIndex: "name",
        render: (name: string, row) => (
          <Space size={4} wrap>
            <strong>{name}</strong>
            {row.default ? <Tag>{t("plugins.default")}</Tag> : null}
          </Space>
        ),
      },
      { title: t("plugins.col.version"), dataIndex: "version" },
      { title: t("plugins.col.description"), dataIndex: "description", responsive: ["md"] },
      {
        title: t("plugins.col.status"),
        dataIndex: "enabled",
        render: (enabled: boolean) =>
          enabled ? <Tag color="success">{t("plugins.enabled")}</Tag> : <Tag>{t("plugins.disabled")}</Tag>,
      },
    ],
    [t],
  );

  if (!session) return null;
  const { tenant } = session;
  const tenantLang = normalizeLang(tenant.language);
  const isOwner = session.user?.role === "owner";

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Card
        title={t("settings.shop")}
        extra={
          isOwner && !editing ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="shop-profile-edit">
              {t("settings.edit")}
            </Button>
          ) : null
        }
      >
        {editing ? (
          <ShopProfileForm onDone={() => setEditing(false)} />
        ) : (
          <>
            <Alert
              type="info"
              showIcon
              message={isOwner ? t("settings.fixedHint") : t("settings.readOnly")}
              style={{ marginBottom: 16 }}
            />
            <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} data-testid="settings-tenant">
          <Descriptions.Item label={t("settings.name")}>{tenant.name}</Descriptions.Item>
          <Descriptions.Item label={t("settings.subdomain")}>{tenant.subdomain}</Descriptions.Item>
          <Descriptions.Item label={t("settings.trade")}>{tOpt(`trade.${tenant.trade}`, tenant.trade)}</Descriptions.Item>
          <Descriptions.Item label={t("settings.currency")}>{tenant.currency}</Descriptions.Item>
          <Descriptions.Item label={t("settings.timeZone")}>{tenant.time_zone}</Descriptions.Item>
          <Descriptions.Item label={t("settings.language")}>
            {tenantLang ? LANG_LABELS[tenantLang] : tenant.language}
          </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
      <Card title={t("settings.plugins")}>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        <div data-testid="plugin-table">
          <Table<Plugin>
            rowKey="name"
            columns={columns}
            dataSource={plugins}
            loading={loading}
            pagination={false}
            scroll={{ x: "max-content" }}
          />
        </div>
      </Card>
    </Space>
  );
}
