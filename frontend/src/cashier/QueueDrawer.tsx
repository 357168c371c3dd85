import { Alert, Badge, Button, Drawer, Empty, List, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import { CloudSyncOutlined, ExclamationCircleOutlined, SyncOutlined } from "@ant-design/icons";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import { useOnline } from "./connectivity";
import { discardOrder, retryOrder, syncNow, useSyncState } from "./syncQueue";

/** The offline queue badge: pending count, and a red dot when an order needs attention. */
export function QueueBadge({ onClick }: { onClick: () => void }) {
  const { t } = useI18n();
  const sync = useSyncState();
  const count = sync.pending + sync.attention.length;
  return (
    <Tooltip title={t("cashier.queue.tooltip")}>
      <Badge count={count} color={sync.attention.length ? "red" : "orange"} offset={[-4, 4]} data-testid="cashier-queue-count" showZero={false}>
        <Button
          icon={sync.syncing ? <SyncOutlined spin /> : <CloudSyncOutlined />}
          onClick={onClick}
          data-testid="cashier-queue-badge"
          danger={sync.attention.length > 0}
        >
          <span className="hy-hide-xs">{t("cashier.queue.button")}</span>
        </Button>
      </Badge>
    </Tooltip>
  );
}

/** Orders waiting to sync, those the server refused (with its message), and the last synced. */
export function QueueDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { money } = useMoney();
  const online = useOnline();
  const sync = useSyncState();
  const timeZone = session?.tenant?.time_zone;
  const pending = sync.queued.filter((o) => o.status === "pending");

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t("cashier.queue.title")}
      width={Math.min(480, typeof window !== "undefined" ? window.innerWidth : 480)}
      data-testid="cashier-queue-drawer"
      extra={
        <Button
          icon={<SyncOutlined spin={sync.syncing} />}
          disabled={!online || sync.syncing || !pending.length}
          onClick={() => void syncNow()}
          data-testid="cashier-queue-sync"
        >
          {t("cashier.queue.syncNow")}
        </Button>
      }
    >
      {sync.lastError ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("cashier.queue.lastError")} description={sync.lastError} />
      ) : null}

      {sync.attention.length ? (
        <>
          <Typography.Title level={5}>
            <ExclamationCircleOutlined style={{ color: "#cf1322" }} /> {t("cashier.queue.attention")}
          </Typography.Title>
          <List
            data-testid="cashier-queue-attention"
            dataSource={sync.attention}
            renderItem={(o) => (
              <List.Item
                key={o.client_id}
                data-testid={`cashier-queue-attention-${o.client_id}`}
                actions={[
                  <Button key="retry" size="small" onClick={() => void retryOrder(o.client_id)} disabled={!online}>
                    {t("cashier.queue.retry")}
                  </Button>,
                  <Popconfirm
                    key="discard"
                    title={t("cashier.queue.discardConfirm")}
                    okText={t("common.yes")}
                    cancelText={t("common.no")}
                    onConfirm={() => void discardOrder(o.client_id)}
                  >
                    <Button size="small" danger>
                      {t("cashier.queue.discard")}
                    </Button>
                  </Popconfirm>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>{money(o.total)}</span>
                      <Typography.Text type="secondary">{formatDateTime(o.body.offline_created_at ?? o.queued_at, lang, timeZone)}</Typography.Text>
                    </Space>
                  }
                  description={
                    <>
                      {o.member_name ? <div>{o.member_name}</div> : null}
                      <Typography.Text type="danger" data-testid="cashier-queue-error">
                        {o.error || t("cashier.queue.refused")}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </>
      ) : null}

      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t("cashier.queue.pending", { count: pending.length })}
      </Typography.Title>
      {pending.length ? (
        <List
          size="small"
          data-testid="cashier-queue-pending"
          dataSource={pending}
          renderItem={(o) => (
            <List.Item key={o.client_id} data-testid="cashier-queue-item">
              <Space wrap>
                <Tag>{o.client_id.slice(0, 8).toUpperCase()}</Tag>
                <span>{money(o.total)}</span>
                <Typography.Text type="secondary">{formatDateTime(o.body.offline_created_at ?? o.queued_at, lang, timeZone)}</Typography.Text>
                {o.member_name ? <span>{o.member_name}</span> : null}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("cashier.queue.empty")} />
      )}

      {sync.synced.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("cashier.queue.synced")}
          </Typography.Title>
          <List
            size="small"
            data-testid="cashier-queue-synced"
            dataSource={sync.synced}
            renderItem={(o) => (
              <List.Item key={o.id}>
                <Space wrap>
                  <Tag color="green">{o.number}</Tag>
                  <span>{money(o.total)}</span>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Drawer>
  );
}
