import { useState } from "react";
import { App, Button, InputNumber, Space, Tooltip } from "antd";
import { CheckOutlined, CloseOutlined, EditOutlined } from "@ant-design/icons";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { updateStockLevel } from "./api";
import { trimDecimal } from "./decimal";
import { useStockFormat } from "./format";
import type { StockLevel } from "./types";

interface Props {
  level: StockLevel;
  editable: boolean;
  onSaved: (level: StockLevel) => void;
}

/** The low-stock threshold of one level, edited in place (Enter saves, Esc cancels, empty clears). */
export function ThresholdCell({ level, editable, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fmt = useStockFormat();
  const handleError = useApiErrorHandler();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const testId = `stock-threshold-${level.product}`;

  function start() {
    setValue(level.low_stock_threshold === null ? null : trimDecimal(level.low_stock_threshold));
    setEditing(true);
  }

  async function save() {
    const text = value === null || value === undefined ? "" : String(value).trim();
    if (text && !/^\d+(\.\d{1,3})?$/.test(text)) {
      message.error(t("inventory.validation.count"));
      return;
    }
    setSaving(true);
    try {
      const saved = await updateStockLevel(level.id, { low_stock_threshold: text || null });
      onSaved({ ...level, ...saved });
      setEditing(false);
      message.success(t("inventory.threshold.saved"));
    } catch (err) {
      handleError(err);
    } finally {
      setSaving(false);
    }
  }

  if (!editing) {
    return (
      <Space size={4}>
        <span data-testid={testId}>{level.low_stock_threshold === null ? "—" : fmt.qty(level.low_stock_threshold)}</span>
        {editable ? (
          <Tooltip title={t("inventory.threshold.edit")}>
            <Button type="text" size="small" icon={<EditOutlined />} data-testid={`${testId}-edit`} onClick={start} aria-label={t("inventory.threshold.edit")} />
          </Tooltip>
        ) : null}
      </Space>
    );
  }
  return (
    <Space size={4}>
      <InputNumber<string>
        data-testid={`${testId}-input`}
        size="small"
        stringMode
        min="0"
        autoFocus
        value={value}
        placeholder={t("inventory.threshold.none")}
        onChange={(v) => setValue(v)}
        onPressEnter={() => void save()}
        onKeyDown={(e) => {
          if (e.key === "Escape") setEditing(false);
        }}
        disabled={saving}
        style={{ width: 100 }}
      />
      <Button size="small" type="primary" icon={<CheckOutlined />} loading={saving} data-testid={`${testId}-save`} onClick={() => void save()} aria-label={t("common.save")} />
      <Button size="small" icon={<CloseOutlined />} disabled={saving} onClick={() => setEditing(false)} aria-label={t("common.cancel")} />
    </Space>
  );
}
