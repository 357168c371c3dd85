import { useCallback, useMemo } from "react";
import { Badge, Button, Flex, Popconfirm, Space, Table, type TableColumnsType } from "antd";
import { EditOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import { useEditModal } from "../components/useEditModal";
import { useListResource } from "../components/useListResource";
import { useI18n } from "../i18n";
import { deactivateStore, listStores } from "./api";
import { StoreModal } from "./StoreModal";
import type { Store } from "./types";

export function StoresTab() {
  const { t } = useI18n();
  const { items: stores, loading, reload, mutate } = useListResource(listStores);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<Store>();

  const onDeactivate = useCallback(
    (store: Store) => mutate(() => deactivateStore(store.id), t("store.deactivated")),
    [mutate, t],
  );

  const columns = useMemo<TableColumnsType<Store>>(
    () => [
      { title: t("store.name"), dataIndex: "name" },
      { title: t("store.code"), dataIndex: "code" },
      { title: t("store.address"), dataIndex: "address", responsive: ["md"], render: (v: string) => v || "—" },
      { title: t("store.phone"), dataIndex: "phone", responsive: ["md"], render: (v: string) => v || "—" },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      {
        title: "",
        key: "actions",
        render: (_, s) => (
          <Space>
            <Button size="small" data-testid={`store-edit-${s.id}`} icon={<EditOutlined />} onClick={() => openModal(s)}>
              {t("common.edit")}
            </Button>
            {s.active ? (
              <Popconfirm
                title={t("store.deactivateConfirm")}
                onConfirm={() => onDeactivate(s)}
                okText={t("catalog.deactivate")}
                cancelText={t("common.cancel")}
              >
                <Button size="small" danger data-testid={`store-deactivate-${s.id}`} icon={<StopOutlined />}>
                  {t("catalog.deactivate")}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ),
      },
    ],
    [t, onDeactivate, openModal],
  );

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="store-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("store.new")}
        </Button>
      </Flex>
      <div data-testid="store-table">
        <Table<Store> rowKey="id" columns={columns} dataSource={stores} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <StoreModal
        open={modalOpen}
        store={editing}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
