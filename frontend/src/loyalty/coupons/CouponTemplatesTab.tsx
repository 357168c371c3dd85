import { useMemo } from "react";
import { Badge, Button, Flex, Table, type TableColumnsType } from "antd";
import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useSession } from "../../auth/SessionProvider";
import { formatDateTime } from "../../components/format";
import { useMoney } from "../../components/money";
import { useEditModal } from "../../components/useEditModal";
import { useListResource } from "../../components/useListResource";
import { useI18n } from "../../i18n";
import { listCouponTemplates } from "./api";
import { CouponTemplateModal } from "./CouponTemplateModal";
import { useCouponValueText } from "./format";
import type { CouponTemplate } from "./types";

/** Coupon templates (never deleted: deactivate instead). */
export function CouponTemplatesTab() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const valueText = useCouponValueText();
  const { items: templates, loading, reload } = useListResource(listCouponTemplates);
  const { modalOpen, editing, openModal, closeModal } = useEditModal<CouponTemplate>();
  const timeZone = session?.tenant?.time_zone;

  const columns = useMemo<TableColumnsType<CouponTemplate>>(() => {
    const date = (v: string | null) => formatDateTime(v, lang, timeZone);
    return [
      { title: t("couponTpl.name"), dataIndex: "name" },
      { title: t("couponTpl.value"), key: "value", render: (_, r) => valueText(r) },
      { title: t("couponTpl.thresholdColumn"), dataIndex: "threshold", align: "right", render: (v: string) => (/[1-9]/.test(v) ? money(v) : "—") },
      {
        title: t("couponTpl.scope"),
        key: "scope",
        responsive: ["md"],
        render: (_, r) => [...r.products, ...r.categories].join(", ") || t("couponTpl.allItems"),
      },
      {
        title: t("couponTpl.validity"),
        key: "validity",
        responsive: ["md"],
        render: (_, r) =>
          [
            r.valid_from || r.valid_until ? `${date(r.valid_from) ?? "…"} – ${date(r.valid_until) ?? "…"}` : "",
            r.valid_days ? t("couponTpl.validDaysValue", { days: r.valid_days }) : "",
          ]
            .filter(Boolean)
            .join(" · ") || t("rule.always"),
      },
      { title: t("couponTpl.perMemberLimit"), dataIndex: "per_member_limit", render: (v: number | null) => v ?? "—" },
      { title: t("couponTpl.pointsCost"), dataIndex: "points_cost", responsive: ["lg"], render: (v: string) => (/[1-9]/.test(v) ? quantity(v) : "—") },
      {
        title: t("common.status"),
        dataIndex: "active",
        render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("common.active") : t("common.inactive")} />,
      },
      {
        title: "",
        key: "actions",
        render: (_, r) => (
          <Button size="small" data-testid={`coupon-tpl-edit-${r.id}`} icon={<EditOutlined />} onClick={() => openModal(r)}>
            {t("common.edit")}
          </Button>
        ),
      },
    ];
  }, [t, lang, timeZone, money, quantity, valueText, openModal]);

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button data-testid="coupon-tpl-new" type="primary" icon={<PlusOutlined />} onClick={() => openModal(null)}>
          {t("couponTpl.new")}
        </Button>
      </Flex>
      <div data-testid="coupon-tpl-table">
        <Table<CouponTemplate> rowKey="id" columns={columns} dataSource={templates} loading={loading} pagination={false} scroll={{ x: "max-content" }} />
      </div>
      <CouponTemplateModal
        open={modalOpen}
        template={editing}
        onClose={closeModal}
        onSaved={() => {
          closeModal();
          reload();
        }}
      />
    </>
  );
}
