import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Button, Flex, Popconfirm, Space, Table, type TableColumnsType } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { deleteCategory, listCategories } from "./api";
import { CategoryModal } from "./CategoryModal";
import type { Category } from "./types";

export function CategoriesTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [categories, setCategories] = useState<Category[]>([]);
  const [loading, setLoading] = useState(true);
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<Category | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    listCategories()
      .then(setCategories)
      .catch((err: unknown) => handleError(err))
      .finally(() => setLoading(false));
  }, [handleError]);

  useEffect(load, [load]);

  const onDelete = useCallback(
    async (category: Category) => {
      try {
        await deleteCategory(category.id);
        message.success(t("category.deleted"));
        load();
      } catch (err) {
        handleError(err);
      }
    },
    [handleError, load, message, t],
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
            <Button
              size="small"
              data-testid={`category-edit-${c.id}`}
              icon={<EditOutlined />}
              onClick={() => {
                setEditing(c);
                setModalOpen(true);
              }}
            >
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
    [t, names, onDelete],
  );

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button
          data-testid="category-new"
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setModalOpen(true);
          }}
        >
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
        onClose={() => setModalOpen(false)}
        onSaved={() => {
          setModalOpen(false);
          load();
        }}
      />
    </>
  );
}
