import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Row,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import {
  ArrowLeftOutlined,
  CloudDownloadOutlined,
  DeleteOutlined,
  ExportOutlined,
  LoginOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
} from "@ant-design/icons";
import { Link, useParams } from "react-router-dom";
import { FormError } from "../components/FormError";
import { formatDateTime } from "../components/format";
import { PageSpinner } from "../components/PageSpinner";
import { useI18n } from "../i18n";
import {
  cancelDeletion,
  downloadExport,
  endSupport,
  getOptions,
  getTenant,
  listExports,
  openSupport,
  reenterSupport,
  resumeTenant,
  scheduleDeletion,
  setPlugin,
  startExport,
  suspendTenant,
} from "./api";
import { StatusTags, formatMoney } from "./labels";
import type { ExportRow, GrantRow, TenantDetail, VendorOptions } from "./types";
import { useVendor, useVendorErrorHandler } from "./VendorConsole";

type Dialog = "suspend" | "deletion" | "support" | null;

export function TenantDetailPage() {
  const { id } = useParams();
  const { t, tOpt, lang } = useI18n();
  const { modal, message } = App.useApp();
  const { session } = useVendor();
  const handleError = useVendorErrorHandler();
  const [tenant, setTenant] = useState<TenantDetail | null>(null);
  const [options, setOptions] = useState<VendorOptions | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [blockedUrl, setBlockedUrl] = useState<string | null>(null);
  const [form] = Form.useForm();
  const isAdmin = session.user?.role === "admin";
  const when = (v: string | null | undefined) => formatDateTime(v, lang) ?? "–";

  const load = useCallback(() => {
    getTenant(id ?? "")
      .then(setTenant)
      .catch((err: unknown) => handleError(err));
  }, [id, handleError]);

  useEffect(() => load(), [load]);
  useEffect(() => {
    getOptions()
      .then(setOptions)
      .catch((err: unknown) => handleError(err));
  }, [handleError]);

  // Poll exports while one is queued or running.
  const exportsRunning = tenant?.exports.some((e) => e.status === "queued" || e.status === "running") ?? false;
  useEffect(() => {
    if (!tenant || !exportsRunning) return;
    const timer = window.setInterval(() => {
      listExports(tenant.id)
        .then(({ results }) => setTenant((prev) => (prev ? { ...prev, exports: results } : prev)))
        .catch((err: unknown) => handleError(err));
    }, 2000);
    return () => window.clearInterval(timer);
  }, [tenant?.id, exportsRunning, handleError]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!tenant) return <PageSpinner />;

  async function act(action: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setFormError(null);
    try {
      const result = await action();
      if (result && typeof result === "object" && "domains" in result) setTenant(result as TenantDetail);
      else load();
      if (done) message.success(done);
      setDialog(null);
      form.resetFields();
    } catch (err) {
      setFormError(handleError(err, form, ["reason", "confirm", "minutes"]));
    } finally {
      setBusy(false);
    }
  }

  function enterUrl(url: string) {
    const opened = window.open(url, "_blank", "noopener");
    if (opened === null) setBlockedUrl(url);
    else message.success(t("vendor.support.opened"));
  }

  function openDialog(which: Dialog) {
    setFormError(null);
    form.resetFields();
    setDialog(which);
  }

  const grace = options?.deletion_grace_days ?? 30;
  const minutes = options?.support_minutes ?? { default: 60, min: 5, max: 240 };
  const scheduled = tenant.deletion?.status === "scheduled" ? tenant.deletion : null;

  const exportColumns = [
    { title: t("vendor.support.col.started"), dataIndex: "created_at", render: (v: string) => when(v) },
    {
      title: t("vendor.support.col.state"),
      key: "status",
      render: (_: unknown, e: ExportRow) =>
        e.status === "queued" || e.status === "running" ? (
          <Progress percent={e.progress} size="small" style={{ minWidth: 120 }} data-testid="vendor-export-progress" />
        ) : (
          <Tag color={e.status === "done" ? "green" : "red"} title={e.error || undefined}>
            {tOpt(`vendor.export.status.${e.status}`, e.status)}
          </Tag>
        ),
    },
    {
      title: "",
      key: "summary",
      render: (_: unknown, e: ExportRow) =>
        e.status === "done" ? t("vendor.export.summary", { tables: e.tables_total, rows: e.rows }) : null,
    },
    {
      title: "",
      key: "download",
      render: (_: unknown, e: ExportRow) =>
        e.status === "done" && isAdmin ? (
          <Button
            size="small"
            icon={<CloudDownloadOutlined />}
            data-testid={`vendor-export-download-${e.id}`}
            onClick={() => downloadExport(e.id).catch((err: unknown) => handleError(err))}
          >
            {t("vendor.export.download")}
          </Button>
        ) : null,
    },
  ];

  const grantColumns = [
    { title: t("vendor.support.col.by"), key: "by", render: (_: unknown, g: GrantRow) => g.vendor_name || g.vendor_email },
    { title: t("vendor.support.col.reason"), dataIndex: "reason" },
    { title: t("vendor.support.col.started"), dataIndex: "started_at", render: (v: string) => when(v) },
    { title: t("vendor.support.col.until"), key: "until", render: (_: unknown, g: GrantRow) => when(g.ended_at ?? g.expires_at) },
    {
      title: t("vendor.support.col.state"),
      key: "state",
      render: (_: unknown, g: GrantRow) =>
        g.active ? (
          <Tag color="orange">{t("vendor.support.active")}</Tag>
        ) : (
          <Tag>{g.ended_by ? tOpt(`vendor.support.endedBy.${g.ended_by}`, g.ended_by) : t("vendor.support.over")}</Tag>
        ),
    },
    {
      title: "",
      key: "actions",
      render: (_: unknown, g: GrantRow) =>
        g.active ? (
          <Space size={4}>
            {g.vendor_email === session.user?.email ? (
              <Button size="small" onClick={() => void act(async () => enterUrl((await reenterSupport(g.id)).enter_url))}>
                {t("vendor.support.reenter")}
              </Button>
            ) : null}
            <Button size="small" danger onClick={() => void act(() => endSupport(g.id), t("vendor.support.ended"))}>
              {t("vendor.support.end")}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }} data-testid="vendor-tenant-detail">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space>
          <Link to="/vendor/tenants">
            <Button icon={<ArrowLeftOutlined />}>{t("vendor.detail.back")}</Button>
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {tenant.name || tenant.subdomain}
          </Typography.Title>
          <StatusTags tenant={tenant} />
        </Space>
        <Space wrap>
          {tenant.url ? (
            <Button href={tenant.url} target="_blank" rel="noopener noreferrer" icon={<ExportOutlined />}>
              {t("vendor.detail.open")}
            </Button>
          ) : null}
          {tenant.state === "active" ? (
            <Button type="primary" icon={<LoginOutlined />} onClick={() => openDialog("support")} data-testid="vendor-support-enter">
              {t("vendor.support.enter")}
            </Button>
          ) : null}
          {isAdmin && tenant.state === "active" ? (
            <Button danger icon={<PauseCircleOutlined />} onClick={() => openDialog("suspend")} data-testid="vendor-suspend">
              {t("vendor.suspend")}
            </Button>
          ) : null}
          {isAdmin && tenant.state === "suspended" ? (
            <Button
              icon={<PlayCircleOutlined />}
              data-testid="vendor-resume"
              onClick={() =>
                modal.confirm({
                  title: t("vendor.resumeConfirm", { name: tenant.name }),
                  onOk: () => act(() => resumeTenant(tenant.id), t("vendor.resumed")),
                })
              }
            >
              {t("vendor.resume")}
            </Button>
          ) : null}
        </Space>
      </Flex>

      {blockedUrl ? (
        <Alert
          type="info"
          showIcon
          closable
          onClose={() => setBlockedUrl(null)}
          message={t("vendor.support.popupBlocked")}
          description={
            <Typography.Link href={blockedUrl} target="_blank" rel="noopener">
              {blockedUrl}
            </Typography.Link>
          }
        />
      ) : null}
      {scheduled ? (
        <Alert
          type="error"
          showIcon
          data-testid="vendor-deletion-scheduled"
          message={t("vendor.deletion.scheduledFor", { date: when(scheduled.due_at) })}
          description={scheduled.reason || undefined}
          action={
            isAdmin ? (
              <Button size="small" onClick={() => void act(() => cancelDeletion(tenant.id), t("vendor.deletion.cancelled"))}>
                {t("vendor.deletion.cancel")}
              </Button>
            ) : undefined
          }
        />
      ) : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t("vendor.detail.owner")}>{tenant.owner_email}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.tenants.col.trade")}>{tenant.trade ? tOpt(`trade.${tenant.trade}`, tenant.trade) : "–"}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.tenants.col.plan")}>{tenant.plan?.name ?? "–"}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.tenants.col.mrr")}>{formatMoney(tenant.mrr, lang)}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.tenants.col.seats")}>
                {tenant.seats}
                {tenant.seats_wanted !== tenant.seats ? ` → ${tenant.seats_wanted}` : ""}
              </Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.staff")}>{tenant.staff}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.trialEnds")}>{when(tenant.trial_ends_at)}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.tenants.col.activity")}>{formatDateTime(tenant.last_activity_at, lang) ?? t("common.never")}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.created")}>{when(tenant.created_on)}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.domains")}>{tenant.domains.join(", ")}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.language")}>{tenant.language}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.currency")}>{tenant.currency}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.timeZone")}>{tenant.time_zone}</Descriptions.Item>
              <Descriptions.Item label={t("vendor.detail.schema")}>
                <Typography.Text code>{tenant.schema_name}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t("vendor.plugins.title")} size="small">
            <List
              size="small"
              dataSource={tenant.plugins}
              locale={{ emptyText: t("vendor.plugins.none") }}
              renderItem={(p) => (
                <List.Item
                  actions={[
                    p.default ? (
                      <Tag key="builtin">{t("vendor.plugins.builtIn")}</Tag>
                    ) : (
                      <Switch
                        key="toggle"
                        checked={p.enabled}
                        disabled={!isAdmin || busy}
                        data-testid={`vendor-plugin-${p.name}`}
                        onChange={(enabled) =>
                          void act(async () => {
                            const { plugins } = await setPlugin(tenant.id, p.name, enabled);
                            setTenant({ ...tenant, plugins });
                          }, t("vendor.plugins.saved"))
                        }
                      />
                    ),
                  ]}
                >
                  <List.Item.Meta title={`${p.name} ${p.version}`} description={p.description} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>

      <Card
        title={t("vendor.export.title")}
        extra={
          isAdmin ? (
            <Button
              icon={<CloudDownloadOutlined />}
              loading={busy && exportsRunning}
              disabled={exportsRunning}
              data-testid="vendor-export-start"
              onClick={() => void act(() => startExport(tenant.id), t("vendor.export.started"))}
            >
              {t("vendor.export.start")}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t("vendor.export.hint")}</Typography.Paragraph>
        <Table<ExportRow>
          rowKey="id"
          size="small"
          pagination={false}
          columns={exportColumns}
          dataSource={tenant.exports}
          locale={{ emptyText: t("vendor.export.none") }}
        />
      </Card>

      <Card title={t("vendor.support.title")}>
        <Table<GrantRow>
          rowKey="id"
          size="small"
          pagination={false}
          columns={grantColumns}
          dataSource={tenant.support_grants}
          scroll={{ x: 700 }}
          locale={{ emptyText: t("vendor.support.none") }}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t("vendor.deletion.title")} size="small">
            {scheduled ? (
              <Typography.Text>{t("vendor.deletion.scheduledFor", { date: when(scheduled.due_at) })}</Typography.Text>
            ) : (
              <Space direction="vertical">
                <Typography.Text type="secondary">{t("vendor.deletion.none")}</Typography.Text>
                {isAdmin ? (
                  <Button danger icon={<DeleteOutlined />} onClick={() => openDialog("deletion")} data-testid="vendor-deletion-schedule">
                    {t("vendor.deletion.schedule")}
                  </Button>
                ) : null}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("vendor.history.title")} size="small">
            <List
              size="small"
              dataSource={tenant.history}
              locale={{ emptyText: t("vendor.history.none") }}
              renderItem={(h) => (
                <List.Item>
                  <Typography.Text type="secondary">{when(h.at)}</Typography.Text> <Typography.Text code>{h.action}</Typography.Text>{" "}
                  {h.actor ?? ""} {h.reason ? `· ${h.reason}` : ""}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>

      <Modal
        open={dialog === "suspend"}
        title={t("vendor.suspendTitle", { name: tenant.name })}
        okText={t("vendor.suspend")}
        okButtonProps={{ danger: true, loading: busy, "data-testid": "vendor-suspend-ok" }}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Typography.Paragraph type="secondary">{t("vendor.suspendHint")}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={({ reason }) => act(() => suspendTenant(tenant.id, reason), t("vendor.suspended"))}>
          <Form.Item name="reason" label={t("vendor.reason")} rules={[{ required: true, message: t("validation.required") }]}>
            <Input.TextArea rows={3} data-testid="vendor-reason" />
          </Form.Item>
          <FormError message={formError} />
        </Form>
      </Modal>

      <Modal
        open={dialog === "deletion"}
        title={t("vendor.deletion.scheduleTitle", { name: tenant.name, days: grace })}
        okText={t("vendor.deletion.schedule")}
        okButtonProps={{ danger: true, loading: busy }}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Typography.Paragraph type="secondary">{t("vendor.deletion.scheduleHint")}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={({ confirm, reason }) =>
            act(() => scheduleDeletion(tenant.id, confirm, reason ?? ""), t("vendor.deletion.scheduled"))
          }
        >
          <Form.Item
            name="confirm"
            label={t("vendor.deletion.confirmLabel", { subdomain: tenant.subdomain })}
            rules={[
              {
                validator: (_, value?: string) =>
                  (value ?? "").trim().toLowerCase() === tenant.subdomain.toLowerCase()
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("vendor.deletion.mismatch"))),
              },
            ]}
          >
            <Input autoComplete="off" data-testid="vendor-deletion-confirm" />
          </Form.Item>
          <Form.Item name="reason" label={t("vendor.reason")}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <FormError message={formError} />
        </Form>
      </Modal>

      <Modal
        open={dialog === "support"}
        title={t("vendor.support.enterTitle", { name: tenant.name })}
        okText={t("vendor.support.enter")}
        okButtonProps={{ loading: busy, "data-testid": "vendor-support-ok" }}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnClose
      >
        <Typography.Paragraph type="secondary">{t("vendor.support.enterHint")}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ minutes: minutes.default }}
          onFinish={({ reason, minutes: length }) =>
            act(async () => {
              const { enter_url } = await openSupport(tenant.id, reason, length);
              enterUrl(enter_url);
            })
          }
        >
          <Form.Item name="reason" label={t("vendor.reason")} rules={[{ required: true, min: 5, message: t("validation.required") }]}>
            <Input.TextArea rows={3} data-testid="vendor-support-reason" />
          </Form.Item>
          <Form.Item name="minutes" label={t("vendor.support.minutes")} rules={[{ required: true }]}>
            <InputNumber min={minutes.min} max={minutes.max} step={15} />
          </Form.Item>
          <FormError message={formError} />
        </Form>
      </Modal>
    </Space>
  );
}
