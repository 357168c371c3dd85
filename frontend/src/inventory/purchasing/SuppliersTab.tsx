import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Badge, Button, Flex, Input, Popconfirm, Space, Table, type TableColumnsType } from "antd";
import { EditOutlined, PlusOutlined, SearchOutlined, StopOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { deactivateSupplier, listSuppliers } from "./api";
import { SupplierModal } from "./SupplierModal";
import type { Supplier } from "./types";

interface Props {
  canManage: boolean;
  onChanged: () => void;
}

/** The shop's suppliers: add, edit, deactivate (purchase orders keep referring to them). */
export function SuppliersTab({ canManage, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [suppliers, setSuppliers] = useState<Supplier[]>([]);
  const [loading, setLoading] = useState(true);
  const [search, setSearch] = useState("");
  const [reloadKey, setReloadKey] = useState(0);
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<Supplier | null>(null);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listSuppliers({}, controller.signal)
      .then((rows) => {
        setSuppliers(rows);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [reloadKey, handleError]);

  const open = useCallback((supplier: Supplier | null) => {
    setEditing(supplier);
    setModalOpen(true);
  }, []);

  const onDeactivate = useCallback(
    async (supplier: Supplier) => {
      try {
        await deactivateSupplier(supplier.id);
        message.success(t("inventory.supplier.deactivated"));
        reload();
        onChanged();
      } catch (err) {
        handleError(err);
      }
    },
    [message, t, reload, onChanged, handleError],
  );

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (!needle) return suppliers;
    return suppliers.filter((s) => [s.name, s.contact, s.phone, s.email].some((v) => (v ?? "").toLowerCase().includes(needle)));
  }, [suppliers, search]);

  const columns = useMemo<TableColumnsType<Supplier>>(
    () => [
      { title: t("inventory.supplier.name"), dataIndex: "name", render: (v: string, s) => <span data-testid={`supplier-row-${s.id}`}>{v}</span> },
      { title: t("inventory.supplier.contact"), dataIndex: "contact", render: (v: string) => v || "—" },
      { title: t("inventory.supplier.phone"), dataIndex: "phone", render: (v: string) => v || "—" },
      { title: t("inventory.supplier.email"), dataIndex: "email", responsive: ["md"], render: (v: string) => v || "—" },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      {
        title: "",
        key: "actions",
        render: (_, s) =>
          canManage ? (
            <Space>
              <Button size="small" icon={<EditOutlined />} data-testid={`supplier-edit-${s.id}`} onClick={() => open(s)}>
                {t("common.edit")}
              </Button>
              {s.active ? (
                <Popconfirm
                  title={t("inventory.supplier.deactivateConfirm")}
                  okText={t("catalog.deactivate")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => onDeactivate(s)}
                >
                  <Button size="small" danger icon={<StopOutlined />} data-testid={`supplier-deactivate-${s.id}`}>
                    {t("catalog.deactivate")}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          ) : null,
      },
    ],
    [t, canManage, open, onDeactivate],
  );

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          data-testid="supplier-search"
          placeholder={t("inventory.supplier.search")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: "1 1 220px", maxWidth: 320 }}
          autoComplete="off"
        />
        <div style={{ flex: 1 }} />
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} data-testid="supplier-new" onClick={() => open(null)}>
            {t("inventory.supplier.new")}
          </Button>
        ) : null}
      </Flex>
      <div data-testid="supplier-table">
        <Table<Supplier>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={shown}
          loading={loading}
          scroll={{ x: "max-content" }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        />
      </div>
      <SupplierModal
        open={modalOpen}
        supplier={editing}
        onClose={() => setModalOpen(false)}
        onSaved={() => {
          setModalOpen(false);
          message.success(t("inventory.supplier.saved"));
          reload();
          onChanged();
        }}
      />
    </>
  );
}
