import { useMemo } from "react";
import { Badge, Button, Flex, Table, Tag, type TableColumnsType } from "antd";
import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMoney } from "../components/money";
import { useEditModal } from "../components/useEditModal";
import { useListResource } from "../components/useListResource";
import { useI18n } from "../i18n";
import { listCardTypes } from "./api";
import { CardTypeModal } from "./CardTypeModal";
import { useLoyaltyLabels } from "./labels";
import type { CardType } from "./types";

export function CardTypesTab() {
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  const labels = useLoyaltyLabels();
  const { items: types, loading, reload } = useListResource(listCardTypes);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<CardType>();

  const columns = useMemo<TableColumnsType<CardType>>(
    () => [
      { title: t("cardType.name"), dataIndex: "name" },
      { title: t("cardType.kind"), dataIndex: "kind", render: (k: string) => <Tag>{labels.cardKind(k)}</Tag> },
      { title: t("cardType.price"), dataIndex: "price", align: "right", render: (v: string) => money(v) },
      {
        title: t("cardType.details"),
        key: "details",
        render: (_, ct) => {
          if (ct.kind === "discount" && ct.discount_rate) return t("cards.discountRate", { rate: ct.discount_rate });
          if (ct.kind === "time" && ct.minutes) return t("balance.minutesValue", { count: quantity(ct.minutes) });
          if (ct.kind === "count") return ct.services.map((s) => `${s.service} × ${s.sessions}`).join(", ") || "—";
          return "—";
        },
      },
      {
        title: t("cardType.validity"),
        dataIndex: "validity_days",
        responsive: ["md"],
        render: (v: number | null) => (v ? t("cardType.days", { count: v }) : t("cardType.noExpiry")),
      },
      {
        title: t("cardType.earnsPoints"),
        dataIndex: "earns_points",
        responsive: ["lg"],
        render: (v: boolean) => (v ? t("common.yes") : t("common.no")),
      },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      {
        title: "",
        key: "actions",
        render: (_, ct) => (
          <Button size="small" data-testid={`cardtype-edit-${ct.id}`} icon={<EditOutlined />} onClick={() => openModal(ct)}>
            {t("common.edit")}
          </Button>
        ),
      },
    ],
    [t, labels, money, quantity, openModal],
  );

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="cardtype-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("cardType.new")}
        </Button>
      </Flex>
      <div data-testid="cardtype-table">
        <Table<CardType> rowKey="id" columns={columns} dataSource={types} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <CardTypeModal
        open={modalOpen}
        cardType={editing}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
