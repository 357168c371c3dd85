import { useCallback, useEffect, useMemo, useState } from "react";
import { Badge, Button, Card, Col, Dropdown, Empty, Flex, Input, List, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from "antd";
import {
  AlertOutlined,
  DownOutlined,
  ExportOutlined,
  ImportOutlined,
  ReloadOutlined,
  RollbackOutlined,
  SearchOutlined,
  WarningOutlined,
} from "@ant-design/icons";
import { listProducts } from "../catalog/api";
import type { Store } from "../catalog/types";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";
import { listAllStockLevels } from "./api";
import { isNegativeDecimal, stockValue, sumDecimals } from "./decimal";
import { useStockFormat } from "./format";
import { StockActionModal, type StockAction } from "./StockActionModal";
import { ThresholdCell } from "./ThresholdCell";
import type { StockLevel } from "./types";

interface Props {
  stores: Store[];
  store: number | undefined;
  onStoreChange: (store: number) => void;
  canMove: boolean;
  onChanged: () => void;
  onShowMovements: (store: number, product: number, productName: string) => void;
}

/** On hand, average cost and value per product at one store; the low-stock list; stock actions. */
export function StockTab({ stores, store, onStoreChange, canMove, onChanged, onShowMovements }: Props) {
  const { t } = useI18n();
  const fmt = useStockFormat();
  const handleError = useApiErrorHandler();
  const [levels, setLevels] = useState<StockLevel[]>([]);
  const [loading, setLoading] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const [codeMatches, setCodeMatches] = useState<Set<number>>(new Set());
  const [action, setAction] = useState<StockAction>("receive");
  const [actionOpen, setActionOpen] = useState(false);
  const [actionLevel, setActionLevel] = useState<StockLevel | null>(null);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  useEffect(() => {
    if (!store) return;
    const controller = new AbortController();
    setLoading(true);
    listAllStockLevels({ store }, controller.signal)
      .then((rows) => {
        setLevels(rows);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [store, reloadKey, handleError]);

  // The search also finds products by exact SKU or barcode (the catalog search does that).
  useEffect(() => {
    if (!q) {
      setCodeMatches(new Set());
      return;
    }
    const controller = new AbortController();
    listProducts({ q, kind: "product", page_size: 200 }, controller.signal)
      .then((page) => setCodeMatches(new Set(page.results.map((p) => p.id))))
      .catch(() => undefined);
    return () => controller.abort();
  }, [q]);

  const shown = useMemo(() => {
    if (!q) return levels;
    const needle = q.toLowerCase();
    return levels.filter((level) => level.product_name.toLowerCase().includes(needle) || codeMatches.has(level.product));
  }, [levels, q, codeMatches]);

  const low = useMemo(() => levels.filter((level) => level.low), [levels]);
  const totalValue = useMemo(() => sumDecimals(levels.map((l) => (isNegativeDecimal(l.on_hand) ? null : stockValue(l.on_hand, l.avg_cost)))), [levels]);

  const openAction = useCallback((next: StockAction, level: StockLevel | null = null) => {
    setAction(next);
    setActionLevel(level);
    setActionOpen(true);
  }, []);

  const replaceLevel = useCallback((saved: StockLevel) => {
    setLevels((rows) => rows.map((row) => (row.id === saved.id ? saved : row)));
    onChanged();
  }, [onChanged]);

  const actionItems = useCallback(
    (level: StockLevel | null) => [
      { key: "receive", icon: <ImportOutlined />, label: <span data-testid="stock-menu-receive">{t("inventory.action.receive")}</span> },
      { key: "damage", icon: <WarningOutlined />, label: <span data-testid="stock-menu-damage">{t("inventory.action.damage")}</span> },
      { key: "return_to_supplier", icon: <RollbackOutlined />, label: <span data-testid="stock-menu-return">{t("inventory.action.return")}</span> },
      { key: "adjust", icon: <AlertOutlined />, label: <span data-testid="stock-menu-adjust">{t("inventory.action.adjust")}</span> },
      ...(level && store ? [{ type: "divider" as const }, { key: "movements", icon: <ExportOutlined />, label: t("inventory.action.history") }] : []),
    ],
    [t, store],
  );

  const columns = useMemo<TableColumnsType<StockLevel>>(
    () => [
      {
        title: t("inventory.col.product"),
        dataIndex: "product_name",
        sorter: (a, b) => a.product_name.localeCompare(b.product_name),
        render: (name: string, level) => (
          <Space size={4}>
            <span data-testid={`stock-row-${level.product}`}>{name}</span>
            {level.low ? (
              <Tag color="warning" icon={<WarningOutlined />}>
                {t("inventory.low")}
              </Tag>
            ) : null}
          </Space>
        ),
      },
      {
        title: t("inventory.col.onHand"),
        dataIndex: "on_hand",
        align: "right",
        render: (v: string, level) => (
          <Typography.Text data-testid={`stock-on-hand-${level.product}`} type={isNegativeDecimal(v) ? "danger" : level.low ? "warning" : undefined} strong>
            {fmt.qty(v)}
          </Typography.Text>
        ),
      },
      { title: t("inventory.col.avgCost"), dataIndex: "avg_cost", align: "right", render: (v: string) => fmt.cost(v) },
      {
        title: t("inventory.col.value"),
        key: "value",
        align: "right",
        render: (_, level) => fmt.money(stockValue(level.on_hand, level.avg_cost)),
      },
      {
        title: t("inventory.col.threshold"),
        dataIndex: "low_stock_threshold",
        render: (_, level) => <ThresholdCell level={level} editable={canMove} onSaved={replaceLevel} />,
      },
      { title: t("inventory.col.updated"), dataIndex: "updated_at", responsive: ["lg"], render: (v: string) => fmt.dateTime(v) },
      {
        title: "",
        key: "actions",
        render: (_, level) => (
          <Dropdown
            trigger={["click"]}
            menu={{
              items: canMove ? actionItems(level) : actionItems(level).filter((item) => "key" in item && item.key === "movements"),
              onClick: ({ key }) => (key === "movements" ? onShowMovements(level.store, level.product, level.product_name) : openAction(key as StockAction, level)),
            }}
          >
            <Button size="small" data-testid={`stock-actions-${level.product}`}>
              {t("inventory.actions")} <DownOutlined />
            </Button>
          </Dropdown>
        ),
      },
    ],
    [t, fmt, canMove, replaceLevel, actionItems, openAction, onShowMovements],
  );

  return (
    <>
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
        <Select<number>
          data-testid="stock-store"
          value={store}
          onChange={onStoreChange}
          options={stores.map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name} (${t("common.inactive")})` }))}
          style={{ minWidth: 180 }}
          placeholder={t("inventory.store")}
        />
        <Input
          allowClear
          data-testid="stock-search"
          prefix={<SearchOutlined />}
          placeholder={t("inventory.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: "1 1 220px", maxWidth: 320 }}
          autoComplete="off"
        />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t("common.retry")} data-testid="stock-reload" />
        <div style={{ flex: 1 }} />
        {canMove ? (
          <Space wrap>
            <Button type="primary" icon={<ImportOutlined />} data-testid="stock-receive" onClick={() => openAction("receive")}>
              {t("inventory.action.receive")}
            </Button>
            <Button icon={<WarningOutlined />} data-testid="stock-damage" onClick={() => openAction("damage")}>
              {t("inventory.action.damage")}
            </Button>
            <Button icon={<RollbackOutlined />} data-testid="stock-return" onClick={() => openAction("return_to_supplier")}>
              {t("inventory.action.return")}
            </Button>
            <Button icon={<AlertOutlined />} data-testid="stock-adjust" onClick={() => openAction("adjust")}>
              {t("inventory.action.adjust")}
            </Button>
          </Space>
        ) : null}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <div data-testid="stock-table">
            <Table<StockLevel>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={shown}
              loading={loading}
              scroll={{ x: "max-content" }}
              pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("inventory.noStock")} /> }}
            />
          </div>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Statistic title={t("inventory.totalValue")} value={fmt.money(totalValue)} valueStyle={{ fontSize: 22 }} />
            <Typography.Text type="secondary">{t("inventory.productsStocked", { count: levels.length })}</Typography.Text>
          </Card>
          <Card
            size="small"
            data-testid="low-stock"
            title={
              <Space>
                <WarningOutlined style={{ color: "#faad14" }} />
                {t("inventory.lowStock")}
                <Badge count={low.length} showZero color={low.length ? "#faad14" : "#d9d9d9"} data-testid="low-stock-count" />
              </Space>
            }
          >
            {low.length ? (
              <List<StockLevel>
                size="small"
                dataSource={low}
                renderItem={(level) => (
                  <List.Item
                    data-testid={`low-stock-${level.product}`}
                    actions={
                      canMove
                        ? [
                            <Button key="receive" size="small" type="link" onClick={() => openAction("receive", level)}>
                              {t("inventory.action.receiveShort")}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={level.product_name}
                      description={t("inventory.lowStockLine", {
                        onHand: fmt.qty(level.on_hand),
                        threshold: fmt.qty(level.low_stock_threshold),
                      })}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("inventory.noLowStock")} />
            )}
          </Card>
        </Col>
      </Row>
      <StockActionModal
        open={actionOpen}
        action={action}
        stores={stores}
        store={store}
        level={actionLevel}
        onClose={() => setActionOpen(false)}
        onDone={(movement) => {
          setActionOpen(false);
          if (movement.store !== store) onStoreChange(movement.store);
          reload();
          onChanged();
        }}
      />
    </>
  );
}
