import { useCallback, useMemo } from "react";
import { Badge, Button, Divider, Flex, Popconfirm, Space, Table, Typography, type TableColumnsType } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMoney } from "../../components/money";
import { useEditModal } from "../../components/useEditModal";
import { useListResource } from "../../components/useListResource";
import { useI18n } from "../../i18n";
import { deletePointsRule, listPointsRules } from "./api";
import { PointsRuleModal } from "./PointsRuleModal";
import { PointsSettingsForm } from "./PointsSettingsForm";
import type { PointsRule } from "./types";

/** Points: settings, then product/category multipliers. */
export function PointsTab() {
  const { t } = useI18n();
  const { quantity } = useMoney();
  const { items: rules, loading, reload, mutate } = useListResource(listPointsRules);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<PointsRule>();

  const onDelete = useCallback(
    (rule: PointsRule) => mutate(() => deletePointsRule(rule.id), t("pointsRule.deleted")),
    [mutate, t],
  );

  const columns = useMemo<TableColumnsType<PointsRule>>(
    () => [
      { title: t("pointsRule.scope"), dataIndex: "scope", render: (s: string) => t(s === "category" ? "pointsRule.scope.category" : "pointsRule.scope.product") },
      { title: t("pointsRule.value"), dataIndex: "value" },
      { title: t("pointsRule.multiplier"), dataIndex: "multiplier", align: "right", render: (v: string) => `×${quantity(v)}` },
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
            <Button size="small" data-testid={`points-rule-edit-${r.id}`} icon={<EditOutlined />} onClick={() => openModal(r)}>
              {t("common.edit")}
            </Button>
            <Popconfirm title={t("pointsRule.deleteConfirm")} onConfirm={() => onDelete(r)} okText={t("common.delete")} cancelText={t("common.cancel")}>
              <Button size="small" danger data-testid={`points-rule-delete-${r.id}`} icon={<DeleteOutlined />} aria-label={t("common.delete")} />
            </Popconfirm>
          </Space>
        ),
      },
    ],
    [t, quantity, onDelete, openModal],
  );

  return (
    <>
      <PointsSettingsForm />
      <Divider />
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} wrap="wrap" gap={8}>
        <div>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t("pointsRule.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("pointsRule.help")}</Typography.Text>
        </div>
        <Button data-testid="points-rule-new" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("pointsRule.new")}
        </Button>
      </Flex>
      <div data-testid="points-rule-table">
        <Table<PointsRule> rowKey="id" columns={columns} dataSource={rules} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <PointsRuleModal
        open={modalOpen}
        rule={editing}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
