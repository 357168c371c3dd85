import { useCallback, useMemo } from "react";
import { Button, Flex, Popconfirm, Space, Table, type TableColumnsType } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useEditModal } from "../components/useEditModal";
import { useListResource } from "../components/useListResource";
import { useI18n } from "../i18n";
import { deleteCategory, listCategories } from "./api";
import { CategoryModal } from "./CategoryModal";
import type { Category } from "./types";

export function CategoriesTab() {
  const { t } = useI18n();
  const { items: categories, loading, reload, mutate } = useListResource(listCategories);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<Category>();

  const onDelete = useCallback(
    (category: Category) => mutate(() => deleteCategory(category.id), t("category.deleted")),
    [mutate, t],
  );

  const names = useMemo(() => new Map(categories.map((c) => [c.id, c.name])), [categories]);

  const columns = useMemo<TableColumnsType<Category>>(
    () => [
      { title: t("category.name"), dataIndex: "name" },
      {
        title: t("category.parent"),
        dataIndex: "parent",
        render: (v: number | null) => (v === null ? "—" : (names.get(v) ?? `#${v}`)),
      },
      { title: t("category.order"), dataIndex: "order", align: "right", responsive: ["md"] },
      {
        title: "",
        key: "actions",
        render: (_, c) => (
          <Space>
            <Button size="small" data-testid={`category-edit-${c.id}`} icon={<EditOutlined />} onClick={() => openModal(c)}>
              {t("common.edit")}
            </Button>
            <Popconfirm
              title={t("category.deleteConfirm")}
              onConfirm={() => onDelete(c)}
              okText={t("common.delete")}
              cancelText={t("common.cancel")}
            >
              <Button size="small" danger data-testid={`category-delete-${c.id}`} icon={<DeleteOutlined />} aria-label={t("common.delete")} />
            </Popconfirm>
          </Space>
        ),
      },
    ],
    [t, names, onDelete, openModal],
  );

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="category-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("category.new")}
        </Button>
      </Flex>
      <div data-testid="category-table">
        <Table<Category> rowKey="id" columns={columns} dataSource={categories} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <CategoryModal
        open={modalOpen}
        category={editing}
        categories={categories}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
