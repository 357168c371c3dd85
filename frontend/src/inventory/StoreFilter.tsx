import { Select } from "antd";
import type { Store } from "../catalog/types";
import { useI18n } from "../i18n";

/** The "all stores / one store" filter of the inventory lists (movements, purchase orders, stocktakes). */
export function StoreFilter({
  stores,
  value,
  onChange,
  testId,
}: {
  stores: Store[];
  value: number | undefined;
  onChange: (store: number | undefined) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Select<number>
      data-testid={testId}
      allowClear
      placeholder={t("inventory.allStores")}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={stores.map((s) => ({ value: s.id, label: s.name }))}
      style={{ minWidth: 160 }}
    />
  );
}
