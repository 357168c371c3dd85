import { useCallback, useMemo } from "react";
import { Badge, Button, Divider, Flex, Popconfirm, Space, Table, type TableColumnsType } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMoney } from "../../components/money";
import { useEditModal } from "../../components/useEditModal";
import { useListResource } from "../../components/useListResource";
import { useI18n } from "../../i18n";
import { deleteTier, listTiers } from "./api";
import { TierModal } from "./TierModal";
import { TierSettingsForm } from "./TierSettingsForm";
import type { Tier } from "./types";

/** Tier definitions (by rank) and the qualification policy. */
export function TiersTab() {
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  const { items: tiers, loading, reload, mutate } = useListResource(listTiers);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<Tier>();

  const onDelete = useCallback(
    (tier: Tier) => mutate(() => deleteTier(tier.id), (result) => (result ? t("tier.deactivated") : t("tier.deleted"))),
    [mutate, t],
  );

  const columns = useMemo<TableColumnsType<Tier>>(
    () => [
      { title: t("tier.rank"), dataIndex: "rank", width: 80 },
      { title: t("tier.name"), dataIndex: "name" },
      { title: t("tier.minSpend"), dataIndex: "min_spend", align: "right", render: (v: string | null) => (v ? money(v) : "—") },
      { title: t("tier.minPoints"), dataIndex: "min_points", align: "right", render: (v: string | null) => (v ? quantity(v) : "—") },
      { title: t("tier.discountRate"), dataIndex: "discount_rate", render: (v: string | null) => (v ? `×${quantity(v)}` : "—") },
      { title: t("tier.pointsMultiplier"), dataIndex: "points_multiplier", render: (v: string) => `×${quantity(v)}` },
      { title: t("tier.birthdayGift"), dataIndex: "birthday_gift", responsive: ["md"], render: (v: string) => v || "—" },
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
            <Button size="small" data-testid={`tier-edit-${r.id}`} icon={<EditOutlined />} onClick={() => openModal(r)}>
              {t("common.edit")}
            </Button>
            <Popconfirm title={t("tier.deleteConfirm")} onConfirm={() => onDelete(r)} okText={t("common.delete")} cancelText={t("common.cancel")}>
              <Button size="small" danger data-testid={`tier-delete-${r.id}`} icon={<DeleteOutlined />} aria-label={t("common.delete")} />
            </Popconfirm>
          </Space>
        ),
      },
    ],
    [t, money, quantity, onDelete, openModal],
  );

  const nextRank = tiers.reduce((max, tier) => Math.max(max, tier.rank), 0) + 1;

  return (
    <>
      <TierSettingsForm />
      <Divider />
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="tier-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("tier.new")}
        </Button>
      </Flex>
      <div data-testid="tier-table">
        <Table<Tier> rowKey="id" columns={columns} dataSource={tiers} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <TierModal
        open={modalOpen}
        tier={editing}
        nextRank={nextRank}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
