import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Card, Space, Statistic, Table, Typography, type TableColumnsType } from "antd";
import { GiftOutlined } from "@ant-design/icons";
import { useSession } from "../../auth/SessionProvider";
import { formatDateTime } from "../../components/format";
import { useMoney } from "../../components/money";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { getCustomerPoints } from "../../loyalty/points/api";
import type { PointsLot, PointsSummary } from "../../loyalty/points/types";
import { RedeemPointsModal } from "./RedeemPointsModal";

interface Props {
  customerId: number;
  /** Bumped by the page after other changes (e.g. a refund) so the balance reloads. */
  reloadKey: number;
  onChanged: () => void;
}

/** Points: available, reserved, money value, lots with expiry, and "Redeem points". */
export function MemberPoints({ customerId, reloadKey, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { money, quantity } = useMoney();
  const handleError = useApiErrorHandler();
  const [summary, setSummary] = useState<PointsSummary | null>(null);
  const [loading, setLoading] = useState(true);
  const [redeemOpen, setRedeemOpen] = useState(false);
  const timeZone = session?.tenant?.time_zone;

  const load = useCallback(
    (signal?: AbortSignal) => {
      setLoading(true);
      getCustomerPoints(customerId, signal)
        .then(setSummary)
        .catch((err: unknown) => !signal?.aborted && handleError(err))
        .finally(() => !signal?.aborted && setLoading(false));
    },
    [customerId, handleError],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load, reloadKey]);

  const lots = useMemo(() => (summary?.lots ?? []).filter((lot) => /[1-9]/.test(lot.remaining)), [summary]);
  const columns = useMemo<TableColumnsType<PointsLot>>(
    () => [
      { title: t("points.lotRemaining"), dataIndex: "remaining", align: "right", render: (v: string) => quantity(v) },
      { title: t("points.lotEarned"), dataIndex: "points", align: "right", render: (v: string) => quantity(v) },
      {
        title: t("points.lotExpires"),
        dataIndex: "expires_at",
        render: (v: string | null) => formatDateTime(v, lang, timeZone) ?? t("points.noExpiry"),
      },
    ],
    [t, lang, timeZone, quantity],
  );

  const available = summary?.available ?? "0";
  return (
    <Card
      title={t("points.title")}
      data-testid="member-points"
      loading={loading && !summary}
      extra={
        <Button
          data-testid="points-redeem-open"
          icon={<GiftOutlined />}
          disabled={!summary || !/[1-9]/.test(available)}
          onClick={() => setRedeemOpen(true)}
        >
          {t("points.redeem")}
        </Button>
      }
    >
      <Space size="large" wrap>
        <Statistic
          title={t("points.available")}
          valueRender={() => (
            <strong data-testid="points-available" style={{ color: "#0f766e" }}>
              {quantity(available)}
            </strong>
          )}
        />
        <Statistic title={t("points.reserved")} valueRender={() => <span data-testid="points-reserved">{quantity(summary?.reserved ?? "0")}</span>} />
        <Statistic title={t("points.value")} valueRender={() => <span data-testid="points-value">{money(summary?.value ?? "0")}</span>} />
      </Space>
      {lots.length ? (
        <div style={{ marginTop: 16 }} data-testid="points-lots">
          <Typography.Text type="secondary">{t("points.lots")}</Typography.Text>
          <Table<PointsLot> rowKey="id" size="small" columns={columns} dataSource={lots} pagination={false} style={{ marginTop: 8 }} />
        </div>
      ) : null}
      <RedeemPointsModal
        open={redeemOpen}
        customerId={customerId}
        summary={summary}
        onClose={() => setRedeemOpen(false)}
        onDone={(result) => {
          setRedeemOpen(false);
          setSummary(result.balance);
          onChanged();
        }}
      />
    </Card>
  );
}
