import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Badge, Button, Flex, Popconfirm, Space, Table, type TableColumnsType } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useMoney } from "../components/money";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useEditModal } from "../components/useEditModal";
import { useI18n } from "../i18n";
import { deleteTopUpRule, listCardTypes, listTopUpRules } from "./api";
import { TopUpRuleModal } from "./TopUpRuleModal";
import type { CardType, TopUpRule } from "./types";

export function TopUpRulesTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const [rules, setRules] = useState<TopUpRule[]>([]);
  const [types, setTypes] = useState<CardType[]>([]);
  const [loading, setLoading] = useState(true);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<TopUpRule>();
  const timeZone = session?.tenant?.time_zone;

  const load = useCallback(() => {
    setLoading(true);
    Promise.all([listTopUpRules(), listCardTypes()])
      .then(([r, ct]) => {
        setRules(r);
        setTypes(ct);
      })
      .catch((err: unknown) => handleError(err))
      .finally(() => setLoading(false));
  }, [handleError]);

  useEffect(load, [load]);

  const onDelete = useCallback(
    async (rule: TopUpRule) => {
      try {
        await deleteTopUpRule(rule.id);
        message.success(t("rule.deleted"));
        load();
      } catch (err) {
        handleError(err);
      }
    },
    [handleError, load, message, t],
  );

  const columns = useMemo<TableColumnsType<TopUpRule>>(() => {
    const typeName = (id: number | null) => (id === null ? t("rule.allCardTypes") : (types.find((ct) => ct.id === id)?.name ?? `#${id}`));
    const date = (v: string | null) => formatDateTime(v, lang, timeZone);
    return [
      { title: t("rule.name"), dataIndex: "name" },
      { title: t("rule.cardType"), dataIndex: "card_type", render: typeName },
      { title: t("rule.minAmount"), dataIndex: "min_amount", align: "right", render: (v: string) => money(v) },
      {
        title: t("rule.bonus"),
        key: "bonus",
        render: (_, r) =>
          [/[1-9]/.test(r.bonus_amount) ? money(r.bonus_amount) : "", /[1-9]/.test(r.bonus_percent) ? `${quantity(r.bonus_percent)}%` : ""]
            .filter(Boolean)
            .join(" + ") || "—",
      },
      {
        title: t("rule.period"),
        key: "period",
        responsive: ["md"],
        render: (_, r) => (r.starts_at || r.ends_at ? `${date(r.starts_at) ?? "…"} – ${date(r.ends_at) ?? "…"}` : t("rule.always")),
      },
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
            <Button size="small" data-testid={`rule-edit-${r.id}`} icon={<EditOutlined />} onClick={() => openModal(r)}>
              {t("common.edit")}
            </Button>
            <Popconfirm title={t("rule.deleteConfirm")} onConfirm={() => onDelete(r)} okText={t("common.delete")} cancelText={t("common.cancel")}>
              <Button size="small" danger data-testid={`rule-delete-${r.id}`} icon={<DeleteOutlined />} aria-label={t("common.delete")} />
            </Popconfirm>
          </Space>
        ),
      },
    ];
  }, [t, lang, timeZone, types, money, quantity, onDelete, openModal]);

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="rule-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("rule.new")}
        </Button>
      </Flex>
      <div data-testid="rule-table">
        <Table<TopUpRule> rowKey="id" columns={columns} dataSource={rules} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <TopUpRuleModal
        open={modalOpen}
        rule={editing}
        cardTypes={types.filter((ct) => ct.kind === "stored_value")}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          load();
        }}
      />
    </>
  );
}
