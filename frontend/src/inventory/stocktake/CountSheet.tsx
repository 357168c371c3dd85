import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Input,
  InputNumber,
  Progress,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from "antd";
import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined, LoadingOutlined, RedoOutlined, SearchOutlined, SendOutlined } from "@ant-design/icons";
import type { Product } from "../../catalog/types";
import { useApiErrorHandler } from "../../components/useApiErrorHandler";
import { useI18n } from "../../i18n";
import { addDecimal, compareDecimal, isDecimal, isNegativeDecimal, isZeroDecimal, stockValue, subtractDecimal, trimDecimal } from "../decimal";
import { useStockFormat } from "../format";
import { statusColor, useInventoryLabels } from "../labels";
import { ScanInput } from "../ProductSelect";
import { ReasonModal } from "../ReasonModal";
import { approveStocktake, cancelStocktake, enterCounts, getStocktake, reopenStocktake, submitStocktake } from "./api";
import type { StocktakeDetail, StocktakeLine } from "./types";

type Filter = "all" | "uncounted" | "differences";
const COUNT = /^\d+(\.\d{1,3})?$/;

interface Props {
  stocktakeId: number;
  canApprove: boolean;
  actorName: (id: number | null) => string;
  onBack: () => void;
  onChanged: () => void;
}

/**
 * The count sheet of one session: type counts fast (Enter saves and moves down, ↑/↓ move), or scan
 * a barcode to jump to the product (or count one more of it). Shows each difference and its value;
 * submit, then a manager approves (books one adjustment) or sends it back.
 */
export function CountSheet({ stocktakeId, canApprove, actorName, onBack, onChanged }: Props) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const fmt = useStockFormat();
  const labels = useInventoryLabels();
  const handleError = useApiErrorHandler();
  const [sheet, setSheet] = useState<StocktakeDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [drafts, setDrafts] = useState<Record<number, string | null>>({});
  const [saving, setSaving] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState<Filter>("all");
  const [search, setSearch] = useState("");
  const [scanAddsOne, setScanAddsOne] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [reasonAction, setReasonAction] = useState<"cancel" | "reopen" | null>(null);
  const inputs = useRef(new Map<number, HTMLInputElement>());
  const scanRef = useRef<HTMLDivElement>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const fromScan = useRef<number | null>(null);
  /** Counts sent and not answered yet, so Enter followed by blur does not send the same count twice. */
  const pending = useRef(new Map<number, string | null>());

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    getStocktake(stocktakeId, controller.signal)
      .then((detail) => {
        setSheet(detail);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [stocktakeId, handleError]);

  const counting = sheet?.status === "counting";
  const lines = useMemo(() => sheet?.lines ?? [], [sheet]);
  const byProduct = useMemo(() => new Map(lines.map((line) => [line.product, line])), [lines]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return lines.filter((line) => {
      if (needle && !line.product_name.toLowerCase().includes(needle) && !(line.sku ?? "").toLowerCase().includes(needle)) return false;
      if (filter === "uncounted") return line.counted === null;
      if (filter === "differences") return line.difference !== null && !isZeroDecimal(line.difference);
      return true;
    });
  }, [lines, filter, search]);

  /** Save counts one request at a time (each answer is the whole sheet, newest last). */
  const save = useCallback(
    (rows: { product: number; counted: string | null }[]) => {
      setSaving((s) => new Set([...s, ...rows.map((r) => r.product)]));
      for (const row of rows) pending.current.set(row.product, row.counted);
      const run = queue.current.then(async () => {
        try {
          const detail = await enterCounts(stocktakeId, rows);
          setSheet(detail);
          setDrafts((d) => {
            const next = { ...d };
            for (const row of rows) if (next[row.product] === row.counted || next[row.product] === undefined) delete next[row.product];
            return next;
          });
          return true;
        } catch (err) {
          handleError(err);
          return false;
        } finally {
          for (const row of rows) if (pending.current.get(row.product) === row.counted) pending.current.delete(row.product);
          setSaving((s) => {
            const next = new Set(s);
            for (const row of rows) next.delete(row.product);
            return next;
          });
        }
      });
      queue.current = run;
      return run;
    },
    [stocktakeId, handleError],
  );

  /** Save a row's draft when it differs from the server's count. */
  const commit = useCallback(
    (product: number) => {
      if (!(product in drafts)) return;
      const draft = drafts[product];
      const text = draft === null || draft === undefined ? "" : String(draft).trim();
      const line = byProduct.get(product);
      if (text && !COUNT.test(text)) {
        message.error(t("inventory.validation.count"));
        return;
      }
      const value = text || null;
      if (pending.current.has(product) && pending.current.get(product) === value) return;
      if (line && (line.counted === null ? value === null : value !== null && compareDecimal(value, line.counted) === 0)) {
        setDrafts((d) => {
          const next = { ...d };
          delete next[product];
          return next;
        });
        return;
      }
      void save([{ product, counted: value }]);
    },
    [drafts, byProduct, save, message, t],
  );

  const focusRow = useCallback((product: number | undefined) => {
    if (product === undefined) return;
    const el = inputs.current.get(product);
    if (el) {
      el.scrollIntoView({ block: "center", behavior: "auto" });
      el.focus();
      el.select();
    }
  }, []);

  const focusScan = useCallback(() => scanRef.current?.querySelector("input")?.focus(), []);

  function move(product: number, step: number) {
    const index = shown.findIndex((line) => line.product === product);
    const next = shown[index + step];
    if (next) focusRow(next.product);
  }

  function onEnter(product: number) {
    commit(product);
    if (fromScan.current === product) {
      fromScan.current = null;
      focusScan();
    } else {
      move(product, 1);
    }
  }

  async function onScanned(product: Product) {
    if (!counting) return;
    let line = byProduct.get(product.id);
    if (!line) {
      // Goods found on the shelf that are not on the sheet: add a line (uncounted), then count it.
      const detail = await enterCounts(stocktakeId, [{ product: product.id, counted: scanAddsOne ? "1" : null }]).catch((err: unknown) => {
        handleError(err);
        return null;
      });
      if (!detail) return;
      setSheet(detail);
      line = detail.lines.find((l) => l.product === product.id);
      message.info(t("inventory.stocktake.addedLine", { name: product.name }));
      if (scanAddsOne) return;
    } else if (scanAddsOne) {
      const current = drafts[product.id] ?? line.counted;
      const next = isDecimal(current ?? "") ? (addDecimal(String(current), "1") ?? "1") : "1";
      setDrafts((d) => ({ ...d, [product.id]: next }));
      void save([{ product: product.id, counted: next }]);
      return;
    }
    if (filter !== "all" || search) {
      setFilter("all");
      setSearch("");
    }
    fromScan.current = product.id;
    window.setTimeout(() => focusRow(product.id), 0);
  }

  async function run(name: string, action: () => Promise<StocktakeDetail>, done: string) {
    setBusy(name);
    try {
      await queue.current; // pending counts first
      setSheet(await action());
      message.success(done);
      onChanged();
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(null);
    }
  }

  function onSubmit() {
    if (!sheet) return;
    const uncounted = sheet.lines_total - sheet.lines_counted;
    modal.confirm({
      title: t("inventory.stocktake.submitTitle"),
      content: uncounted ? t("inventory.stocktake.submitUncounted", { count: uncounted }) : t("inventory.stocktake.submitConfirm"),
      okText: t("inventory.stocktake.submit"),
      cancelText: t("common.cancel"),
      okButtonProps: { "data-testid": "stocktake-submit-ok" },
      onOk: () => run("submit", () => submitStocktake(sheet.id), t("inventory.stocktake.submitted")),
    });
  }

  function onApprove() {
    if (!sheet) return;
    modal.confirm({
      title: t("inventory.stocktake.approveTitle", { number: sheet.number }),
      content: t("inventory.stocktake.approveConfirm", { count: sheet.lines_with_difference, value: fmt.money(sheet.difference_value) }),
      okText: t("inventory.stocktake.approve"),
      cancelText: t("common.cancel"),
      okButtonProps: { "data-testid": "stocktake-approve-ok" },
      onOk: () => run("approve", () => approveStocktake(sheet.id), t("inventory.stocktake.approved")),
    });
  }

  const value = (line: StocktakeLine): string | null => {
    const draft = drafts[line.product];
    if (draft !== undefined && draft !== null && String(draft).trim() !== "" && COUNT.test(String(draft).trim())) {
      const diff = subtractDecimal(String(draft).trim(), line.expected);
      return diff;
    }
    if (draft !== undefined && (draft === null || String(draft).trim() === "")) return null;
    return line.difference;
  };

  const columns: TableColumnsType<StocktakeLine> = [
    {
      title: t("inventory.col.product"),
      dataIndex: "product_name",
      render: (name: string, line) => (
        <Space direction="vertical" size={0}>
          <span data-testid={`count-row-${line.product}`}>{name}</span>
          {line.sku ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{line.sku}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t("inventory.col.expected"),
      dataIndex: "expected",
      align: "right",
      render: (v: string, line) => <span data-testid={`count-expected-${line.product}`}>{fmt.qty(v)}</span>,
    },
    {
      title: t("inventory.col.counted"),
      key: "counted",
      width: 170,
      render: (_, line) => {
        const draft = drafts[line.product];
        const shownValue = draft !== undefined ? draft : line.counted === null ? null : trimDecimal(line.counted);
        return (
          <Space size={4}>
            <InputNumber<string>
              ref={(el) => {
                if (el) inputs.current.set(line.product, el);
                else inputs.current.delete(line.product);
              }}
              data-testid={`count-input-${line.product}`}
              stringMode
              min="0"
              keyboard={false}
              controls={false}
              disabled={!counting}
              value={shownValue}
              placeholder="—"
              onChange={(v) => setDrafts((d) => ({ ...d, [line.product]: v }))}
              onPressEnter={() => onEnter(line.product)}
              onBlur={() => commit(line.product)}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  move(line.product, 1);
                } else if (e.key === "ArrowUp") {
                  e.preventDefault();
                  move(line.product, -1);
                } else if (e.key === "Escape") {
                  setDrafts((d) => {
                    const next = { ...d };
                    delete next[line.product];
                    return next;
                  });
                }
              }}
              style={{ width: 120 }}
            />
            {saving.has(line.product) ? <LoadingOutlined /> : line.counted !== null && drafts[line.product] === undefined ? <CheckCircleOutlined data-testid={`count-saved-${line.product}`} style={{ color: "#52c41a" }} /> : null}
          </Space>
        );
      },
    },
    {
      title: t("inventory.col.difference"),
      key: "difference",
      align: "right",
      render: (_, line) => {
        const diff = value(line);
        if (diff === null) return <span data-testid={`count-diff-${line.product}`}>—</span>;
        return (
          <Typography.Text data-testid={`count-diff-${line.product}`} type={isNegativeDecimal(diff) ? "danger" : isZeroDecimal(diff) ? "secondary" : "success"} strong={!isZeroDecimal(diff)}>
            {isZeroDecimal(diff) ? "0" : fmt.signedQty(diff)}
          </Typography.Text>
        );
      },
    },
    {
      title: t("inventory.col.differenceValue"),
      key: "difference_value",
      align: "right",
      render: (_, line) => {
        const diff = value(line);
        const money = diff === null ? null : drafts[line.product] !== undefined ? stockValue(diff, line.unit_cost) : line.difference_value;
        return money === null ? "—" : <Typography.Text type={isNegativeDecimal(money) ? "danger" : undefined}>{fmt.money(money)}</Typography.Text>;
      },
    },
    {
      title: t("inventory.col.countedBy"),
      key: "counted_by",
      responsive: ["xl"],
      render: (_, line) => (line.counted_at ? `${actorName(line.counted_by)} · ${fmt.dateTime(line.counted_at)}` : "—"),
    },
  ];

  if (!sheet) {
    return (
      <Spin spinning={loading}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t("inventory.stocktake.back")}
        </Button>
      </Spin>
    );
  }

  const percent = sheet.lines_total ? Math.round((sheet.lines_counted / sheet.lines_total) * 100) : 0;

  return (
    <div data-testid="count-sheet">
      <Flex gap={12} wrap="wrap" align="center" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} data-testid="stocktake-back" onClick={onBack}>
          {t("inventory.stocktake.back")}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {sheet.number} · {sheet.store_name}
        </Typography.Title>
        <Tag color={statusColor(sheet.status)} data-testid="stocktake-status">
          {labels.stocktakeStatus(sheet.status)}
        </Tag>
        <div style={{ flex: 1 }} />
        <Space wrap>
          {counting ? (
            <Button type="primary" icon={<SendOutlined />} data-testid="stocktake-submit" loading={busy === "submit"} onClick={onSubmit}>
              {t("inventory.stocktake.submit")}
            </Button>
          ) : null}
          {sheet.status === "submitted" && canApprove ? (
            <>
              <Button type="primary" icon={<CheckCircleOutlined />} data-testid="stocktake-approve" loading={busy === "approve"} onClick={onApprove}>
                {t("inventory.stocktake.approve")}
              </Button>
              <Button icon={<RedoOutlined />} data-testid="stocktake-reopen" onClick={() => setReasonAction("reopen")}>
                {t("inventory.stocktake.reopen")}
              </Button>
            </>
          ) : null}
          {(sheet.status === "counting" || sheet.status === "submitted") && canApprove ? (
            <Button danger icon={<CloseCircleOutlined />} data-testid="stocktake-cancel" onClick={() => setReasonAction("cancel")}>
              {t("inventory.stocktake.cancel")}
            </Button>
          ) : null}
        </Space>
      </Flex>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t("inventory.stocktake.counted")} value={`${sheet.lines_counted} / ${sheet.lines_total}`} />
            <Progress percent={percent} size="small" showInfo={false} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t("inventory.stocktake.differences")} value={sheet.lines_with_difference} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t("inventory.col.differenceValue")}
              value={fmt.money(sheet.difference_value)}
              valueStyle={{ color: isNegativeDecimal(sheet.difference_value) ? "#cf1322" : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t("inventory.stocktake.startedAt")}
              value={fmt.dateTime(sheet.created_at)}
              valueStyle={{ fontSize: 16 }}
            />
            {sheet.movement !== null ? (
              <Typography.Text type="secondary" data-testid="stocktake-movement">
                {t("inventory.stocktake.booked", { id: sheet.movement })}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
      </Row>
      {sheet.note ? <Typography.Paragraph type="secondary">{sheet.note}</Typography.Paragraph> : null}
      <Flex gap={12} wrap="wrap" align="center" style={{ marginBottom: 12 }}>
        {counting ? (
          <div ref={scanRef}>
            <ScanInput data-testid="count-scan" onProduct={(p) => void onScanned(p)} autoFocus placeholder={t("inventory.stocktake.scan")} style={{ width: 240 }} />
          </div>
        ) : null}
        {counting ? (
          <Tooltip title={t("inventory.stocktake.scanAddsOneHelp")}>
            <Space size={6}>
              <Switch size="small" data-testid="count-scan-adds-one" checked={scanAddsOne} onChange={setScanAddsOne} />
              <Typography.Text>{t("inventory.stocktake.scanAddsOne")}</Typography.Text>
            </Space>
          </Tooltip>
        ) : null}
        <Input
          allowClear
          prefix={<SearchOutlined />}
          data-testid="count-search"
          placeholder={t("inventory.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 220 }}
          autoComplete="off"
        />
        <Segmented<Filter>
          data-testid="count-filter"
          value={filter}
          onChange={setFilter}
          options={[
            { value: "all", label: t("inventory.all") },
            { value: "uncounted", label: t("inventory.stocktake.uncounted") },
            { value: "differences", label: t("inventory.stocktake.withDifference") },
          ]}
        />
      </Flex>
      {counting ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t("inventory.stocktake.keyboardHint")}
        </Typography.Paragraph>
      ) : null}
      <div data-testid="count-table">
        <Table<StocktakeLine>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={shown}
          pagination={false}
          loading={loading}
          scroll={{ x: "max-content" }}
        />
      </div>
      <ReasonModal
        open={reasonAction !== null}
        title={t(reasonAction === "reopen" ? "inventory.stocktake.reopen" : "inventory.stocktake.cancel")}
        hint={t(reasonAction === "reopen" ? "inventory.stocktake.reopenHint" : "inventory.stocktake.cancelHint")}
        okText={t(reasonAction === "reopen" ? "inventory.stocktake.reopen" : "inventory.stocktake.cancel")}
        danger={reasonAction === "cancel"}
        testId={`stocktake-${reasonAction ?? "cancel"}-reason`}
        onClose={() => setReasonAction(null)}
        onSubmit={async (reason) => {
          const detail = reasonAction === "reopen" ? await reopenStocktake(sheet.id, reason) : await cancelStocktake(sheet.id, reason);
          setSheet(detail);
          setReasonAction(null);
          message.success(t(reasonAction === "reopen" ? "inventory.stocktake.reopened" : "inventory.stocktake.cancelled"));
          onChanged();
        }}
      />
    </div>
  );
}
