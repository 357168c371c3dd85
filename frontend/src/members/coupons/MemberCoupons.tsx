import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Button, Card, Table, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined, StopOutlined } from "@ant-design/icons";
import { useSession } from "../../auth/SessionProvider";
import { formatDateTime } from "../../components/format";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { listCustomerCoupons } from "../../loyalty/coupons/api";
import { couponStatusColor, type Coupon } from "../../loyalty/coupons/types";
import { isManagerRole } from "../../loyalty/labels";
import { IssueCouponModal } from "./IssueCouponModal";
import { VoidCouponModal } from "./VoidCouponModal";

/** The member's coupons with status; owner/manager issue from a template and void. */
export function MemberCoupons({ customerId }: { customerId: number }) {
  const { t, tOpt, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const [coupons, setCoupons] = useState<Coupon[]>([]);
  const [loading, setLoading] = useState(true);
  const [issueOpen, setIssueOpen] = useState(false);
  const [voiding, setVoiding] = useState<Coupon | null>(null);
  const manager = isManagerRole(session?.user?.role);
  const timeZone = session?.tenant?.time_zone;

  const load = useCallback(() => {
    setLoading(true);
    listCustomerCoupons(customerId)
      .then(setCoupons)
      .catch((err: unknown) => handleError(err))
      .finally(() => setLoading(false));
  }, [customerId, handleError]);
  useEffect(load, [load]);

  const columns = useMemo<TableColumnsType<Coupon>>(
    () => [
      {
        title: t("memberCoupons.code"),
        dataIndex: "code",
        render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text>,
      },
      { title: t("memberCoupons.template"), dataIndex: "template_name" },
      {
        title: t("common.status"),
        dataIndex: "status",
        render: (v: string, r) => (
          <Tag color={couponStatusColor(v)} data-testid={`coupon-status-${r.code}`}>
            {tOpt(`couponStatus.${v}`, v)}
          </Tag>
        ),
      },
      {
        title: t("memberCoupons.validUntil"),
        dataIndex: "valid_until",
        render: (v: string | null) => formatDateTime(v, lang, timeZone) ?? t("points.noExpiry"),
      },
      {
        title: t("memberCoupons.issuedAt"),
        dataIndex: "issued_at",
        responsive: ["md"],
        render: (v: string) => formatDateTime(v, lang, timeZone),
      },
      {
        title: t("memberCoupons.issueReason"),
        dataIndex: "issue_reason",
        responsive: ["lg"],
        render: (v: string, r) => [tOpt(`couponReason.${v}`, v), r.note, r.close_reason].filter(Boolean).join(" · "),
      },
      ...(manager
        ? [
            {
              title: "",
              key: "actions",
              render: (_: unknown, r: Coupon) =>
                r.status === "issued" ? (
                  <Button size="small" danger icon={<StopOutlined />} data-testid={`coupon-void-open-${r.code}`} onClick={() => setVoiding(r)}>
                    {t("memberCoupons.void")}
                  </Button>
                ) : null,
            },
          ]
        : []),
    ],
    [t, tOpt, lang, timeZone, manager],
  );

  return (
    <Card
      title={t("memberCoupons.title")}
      data-testid="member-coupons"
      extra={
        manager ? (
          <Button data-testid="coupon-issue-open" icon={<PlusOutlined />} onClick={() => setIssueOpen(true)}>
            {t("memberCoupons.issue")}
          </Button>
        ) : null
      }
    >
      <Table<Coupon>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={coupons}
        loading={loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("memberCoupons.none") }}
      />
      {manager ? (
        <>
          <IssueCouponModal
            open={issueOpen}
            customerId={customerId}
            onClose={() => setIssueOpen(false)}
            onDone={() => {
              setIssueOpen(false);
              message.success(t("memberCoupons.issued"));
              load();
            }}
          />
          <VoidCouponModal
            coupon={voiding}
            onClose={() => setVoiding(null)}
            onDone={() => {
              setVoiding(null);
              message.success(t("memberCoupons.voided"));
              load();
            }}
          />
        </>
      ) : null}
    </Card>
  );
}
