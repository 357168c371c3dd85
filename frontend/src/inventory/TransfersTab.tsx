import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Button, Flex, Popconfirm, Segmented, Space, Tag, Typography, type TableColumnsType } from "antd";
import { ArrowRightOutlined, CheckOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import type { Store } from "../catalog/types";
import { PagedTable } from "../components/PagedTable";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useAbortableLoad } from "../components/useAbortableLoad";
import { useI18n } from "../i18n";
import { listTransfers, receiveTransfer } from "./api";
import { useStockFormat } from "./format";
import { statusColor, useInventoryLabels } from "./labels";
import { TransferModal } from "./TransferModal";
import type { Transfer, TransferStatus } from "./types";
import { useRowIdempotency } from "./useRowIdempotency";

const PAGE_SIZE = 20;
type Filter = "all" | TransferStatus;

interface Props {
  stores: Store[];
  storeName: (id: number) => string;
  currentStore?: number;
  canMove: boolean;
  onChanged: () => void;
}

/** Goods between stores: send, see what is in transit, receive at the other end (once). */
export function TransfersTab({ stores, storeName, currentStore, canMove, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const handleError = useApiErrorHandler();
  const keys = useRowIdempotency();
  const [filter, setFilter] = useState<Filter>("in_transit");
  const [page, setPage] = useState(1);
  const [reloadKey, setReloadKey] = useState(0);
  const [modalOpen, setModalOpen] = useState(false);
  const [receiving, setReceiving] = useState<number | null>(null);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  useEffect(() => setPage(1), [filter]);

  const { data, loading } = useAbortableLoad(
    (signal) => listTransfers({ status: filter === "all" ? undefined : filter, page, page_size: PAGE_SIZE }, signal),
    [filter, page, reloadKey],
  );

  const onReceive = useCallback(
    async (transfer: Transfer) => {
      setReceiving(transfer.id);
      try {
        await receiveTransfer(transfer.id, keys.get(transfer.id));
        keys.settle(transfer.id);
        message.success(t("inventory.transfer.receivedDone"));
        reload();
        onChanged();
      } catch (err) {
        keys.settle(transfer.id, err);
        handleError(err);
        if ((err as { code?: string }).code === "already_received") reload();
      } finally {
        setReceiving(null);
      }
    },
    [keys, message, t, reload, onChanged, handleError],
  );

  const columns = useMemo<TableColumnsType<Transfer>>(
    () => [
      { title: "#", dataIndex: "id" },
      { title: t("inventory.col.time"), dataIndex: "created_at", render: (v: string) => fmt.dateTime(v) },
      {
        title: t("inventory.transfer.route"),
        key: "route",
        render: (_, tr) => (
          <Space size={4}>
            {storeName(tr.from_store)}
            <ArrowRightOutlined />
            {storeName(tr.to_store)}
          </Space>
        ),
      },
      {
        title: t("inventory.col.lines"),
        key: "lines",
        render: (_, tr) => (
          <Space direction="vertical" size={0}>
            {tr.out_movement.lines.map((line) => (
              <span key={line.product}>
                {line.product_name} × {fmt.qty(line.quantity.replace(/^-/, ""))}
              </span>
            ))}
          </Space>
        ),
      },
      {
        title: t("common.status"),
        dataIndex: "status",
        render: (s: string, tr) => (
          <Tag color={statusColor(s)} data-testid={`transfer-status-${tr.id}`}>
            {labels.transferStatus(s)}
          </Tag>
        ),
      },
      {
        title: t("inventory.transfer.receivedAt"),
        dataIndex: "received_at",
        responsive: ["lg"],
        render: (v: string | null) => (v ? fmt.dateTime(v) : "—"),
      },
      {
        title: t("common.reason"),
        key: "reason",
        responsive: ["xl"],
        render: (_, tr) => (tr.out_movement.reason ? <Typography.Text ellipsis={{ tooltip: tr.out_movement.reason }} style={{ maxWidth: 200 }}>{tr.out_movement.reason}</Typography.Text> : "—"),
      },
      {
        title: "",
        key: "actions",
        render: (_, tr) =>
          canMove && tr.status === "in_transit" ? (
            <Popconfirm
              title={t("inventory.transfer.receiveConfirm", { store: storeName(tr.to_store) })}
              okText={t("inventory.transfer.receive")}
              cancelText={t("common.cancel")}
              okButtonProps={{ "data-testid": `transfer-receive-ok-${tr.id}` }}
              onConfirm={() => onReceive(tr)}
            >
              <Button size="small" type="primary" icon={<CheckOutlined />} loading={receiving === tr.id} data-testid={`transfer-receive-${tr.id}`}>
                {t("inventory.transfer.receive")}
              </Button>
            </Popconfirm>
          ) : null,
      },
    ],
    [t, fmt, labels, storeName, canMove, receiving, onReceive],
  );

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          data-testid="transfers-filter"
          value={filter}
          onChange={setFilter}
          options={[
            { value: "in_transit", label: labels.transferStatus("in_transit") },
            { value: "received", label: labels.transferStatus("received") },
            { value: "all", label: t("inventory.all") },
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t("common.retry")} />
        <div style={{ flex: 1 }} />
        {canMove ? (
          <Button type="primary" icon={<PlusOutlined />} data-testid="transfer-new" onClick={() => setModalOpen(true)}>
            {t("inventory.transfer.new")}
          </Button>
        ) : null}
      </Flex>
      <PagedTable<Transfer>
        testId="transfers-table"
        size="middle"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
      <TransferModal
        open={modalOpen}
        stores={stores}
        fromStore={currentStore}
        onClose={() => setModalOpen(false)}
        onDone={() => {
          setModalOpen(false);
          setFilter("in_transit");
          reload();
          onChanged();
        }}
      />
    </>
  );
}
