import { useCallback, useMemo } from "react";
import { Badge, Button, Flex, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { EditOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import { useEditModal } from "../../components/useEditModal";
import { useListResource } from "../../components/useListResource";
import { useI18n } from "../../i18n";
import { deleteCustomField, listCustomFields } from "./api";
import { CustomFieldModal } from "./CustomFieldModal";
import type { CustomFieldDefinition } from "./types";

/** The shop's own member fields (shown in the member form and filterable in the list). */
export function CustomFieldsTab() {
  const { t, tOpt } = useI18n();
  const { items: fields, loading, reload, mutate } = useListResource(listCustomFields);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<CustomFieldDefinition>();

  const onDelete = useCallback(
    (field: CustomFieldDefinition) => mutate(() => deleteCustomField(field.id), t("customField.deactivated")),
    [mutate, t],
  );

  const columns = useMemo<TableColumnsType<CustomFieldDefinition>>(
    () => [
      { title: t("customField.order"), dataIndex: "order", width: 80 },
      { title: t("customField.label"), dataIndex: "label" },
      { title: t("customField.key"), dataIndex: "key", render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
      { title: t("customField.kind"), dataIndex: "kind", render: (v: string) => tOpt(`fieldKind.${v}`, v) },
      {
        title: t("customField.choices"),
        dataIndex: "choices",
        responsive: ["md"],
        render: (v: string[]) => (v?.length ? v.map((c) => <Tag key={c}>{c}</Tag>) : "—"),
      },
      { title: t("customField.required"), dataIndex: "required", render: (v: boolean) => (v ? t("common.yes") : t("common.no")) },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      {
        title: "",
        key: "actions",
        render: (_, r) => (
          <Space>
            <Button size="small" data-testid={`custom-field-edit-${r.key}`} icon={<EditOutlined />} onClick={() => openModal(r)}>
              {t("common.edit")}
            </Button>
            {r.active ? (
              <Popconfirm
                title={t("customField.deactivateConfirm")}
                onConfirm={() => onDelete(r)}
                okText={t("customField.deactivate")}
                cancelText={t("common.cancel")}
              >
                <Button size="small" danger data-testid={`custom-field-deactivate-${r.key}`} icon={<StopOutlined />}>
                  {t("customField.deactivate")}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ),
      },
    ],
    [t, tOpt, onDelete, openModal],
  );

  const nextOrder = fields.reduce((max, f) => Math.max(max, f.order), 0) + 10;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={8} wrap="wrap">
        <Typography.Text type="secondary">{t("customField.help")}</Typography.Text>
        <Button data-testid="custom-field-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("customField.new")}
        </Button>
      </Flex>
      <div data-testid="custom-field-table">
        <Table<CustomFieldDefinition> rowKey="id" columns={columns} dataSource={fields} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <CustomFieldModal
        open={modalOpen}
        field={editing}
        nextOrder={nextOrder}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
