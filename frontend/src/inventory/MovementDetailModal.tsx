import { useEffect, useState } from "react";
import { Button, Descriptions, Modal, Spin, Table, Tag, Typography } from "antd";
import { RollbackOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { getMovement } from "./api";
import { stockValue } from "./decimal";
import { useStockFormat } from "./format";
import { movementKindColor, useInventoryLabels } from "./labels";
import { REVERSIBLE_KINDS, type MovementLine, type StockMovement } from "./types";

interface Props {
  movementId: number | null;
  storeName: (id: number) => string;
  actorName: (id: number | null) => string;
  canReverse: boolean;
  reloadKey?: number;
  onClose: () => void;
  onOpenMovement: (id: number) => void;
  onReverse: (movement: StockMovement) => void;
}

/** One movement: header, lines with cost and on hand after, and what reversed it. */
export function MovementDetailModal({ movementId, storeName, actorName, canReverse, reloadKey, onClose, onOpenMovement, onReverse }: Props) {
  const { t } = useI18n();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const handleError = useApiErrorHandler();
  const [movement, setMovement] = useState<StockMovement | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (movementId === null) {
      setMovement(null);
      return;
    }
    let cancelled = false;
    setLoading(true);
    getMovement(movementId)
      .then((m) => !cancelled && setMovement(m))
      .catch((err: unknown) => !cancelled && handleError(err))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [movementId, reloadKey, handleError]);

  const reversible = !!movement && canReverse && REVERSIBLE_KINDS.has(movement.kind) && movement.reverses === null && movement.reversed_by === null;
  const link = (id: number) => (
    <Typography.Link data-testid={`movement-link-${id}`} onClick={() => onOpenMovement(id)}>
      #{id}
    </Typography.Link>
  );

  return (
    <Modal
      open={movementId !== null}
      title={movementId !== null ? `${t("inventory.movement.title")} #${movementId}` : ""}
      onCancel={onClose}
      width={760}
      footer={[
        reversible ? (
          <Button key="reverse" danger icon={<RollbackOutlined />} data-testid="movement-detail-reverse" onClick={() => movement && onReverse(movement)}>
            {t("inventory.reverse.submit")}
          </Button>
        ) : null,
        <Button key="close" onClick={onClose}>
          {t("common.close")}
        </Button>,
      ]}
    >
      <Spin spinning={loading}>
        {movement ? (
          <div data-testid="movement-detail">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t("inventory.col.kind")}>
                <Tag color={movementKindColor(movement.kind)}>{labels.movementKind(movement.kind)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t("inventory.col.time")}>{fmt.dateTime(movement.created_at)}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.store")}>{storeName(movement.store)}</Descriptions.Item>
              <Descriptions.Item label={t("inventory.col.actor")}>{actorName(movement.actor)}</Descriptions.Item>
              <Descriptions.Item label={t("common.reason")} span={2}>
                {movement.reason || "—"}
              </Descriptions.Item>
              {movement.source_type ? (
                <Descriptions.Item label={t("inventory.movement.source")} span={2}>
                  {`${labels.movementSource(movement.source_type)}${movement.source_id ? ` #${movement.source_id}` : ""}`}
                </Descriptions.Item>
              ) : null}
              {movement.reverses !== null ? <Descriptions.Item label={t("inventory.movement.reverses")}>{link(movement.reverses)}</Descriptions.Item> : null}
              {movement.reversed_by !== null ? (
                <Descriptions.Item label={t("inventory.movement.reversedBy")}>{link(movement.reversed_by)}</Descriptions.Item>
              ) : null}
            </Descriptions>
            <Table<MovementLine>
              rowKey="product"
              size="small"
              pagination={false}
              dataSource={movement.lines}
              scroll={{ x: "max-content" }}
              columns={[
                { title: t("inventory.col.product"), dataIndex: "product_name" },
                { title: t("inventory.col.quantity"), dataIndex: "quantity", align: "right", render: (v: string) => fmt.signedQty(v) },
                { title: t("inventory.col.unitCost"), dataIndex: "unit_cost", align: "right", render: (v: string | null) => fmt.cost(v) },
                {
                  title: t("inventory.col.value"),
                  key: "value",
                  align: "right",
                  render: (_, line) => fmt.money(stockValue(line.quantity, line.unit_cost ?? "0")),
                },
                { title: t("inventory.col.onHandAfter"), dataIndex: "on_hand_after", align: "right", render: (v: string) => fmt.qty(v) },
              ]}
            />
          </div>
        ) : null}
      </Spin>
    </Modal>
  );
}
