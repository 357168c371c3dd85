import { useEffect, useMemo, useState } from "react";
import { Alert, Card, Descriptions, Space, Table, Tag, type TableColumnsType } from "antd";
import { toApiError } from "../api/client";
import { listPlugins } from "../api/endpoints";
import type { Plugin } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { LANG_LABELS, normalizeLang, useI18n } from "../i18n";

/** Tenant information (read-only for now) and the plugin list. */
export function SettingsPage() {
  const { t, tOpt } = useI18n();
  const { session } = useSession();
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

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Card title={t("settings.shop")}>
        <Alert type="info" showIcon message={t("settings.readOnly")} style={{ marginBottom: 16 }} />
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
