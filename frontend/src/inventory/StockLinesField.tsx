import { Button, Flex, Form, InputNumber, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { Product } from "../catalog/types";
import { useI18n } from "../i18n";
import { addDecimal, isDecimal, stockValue, sumDecimals, trimDecimal } from "./decimal";
import { useStockFormat } from "./format";
import { ProductSelect, ScanInput, type ProductRef } from "./ProductSelect";

export interface LineValues {
  product?: number;
  quantity?: string | null;
  unit_cost?: string | null;
}

const QTY = /^\d+(\.\d{1,3})?$/;
const COST = /^\d+(\.\d{1,4})?$/;

export const isQuantity = (v: unknown) => QTY.test(String(v ?? "").trim()) && /[1-9]/.test(String(v));

interface Props {
  /** Receipts and purchase orders carry a unit cost per line. */
  withCost?: boolean;
  seed?: ProductRef[];
  /** Form.List name; "lines" unless told. */
  name?: string;
  testPrefix?: string;
}

/** Editable product lines (product, quantity, unit cost) with a barcode input that adds a line. */
export function StockLinesField({ withCost = false, seed, name = "lines", testPrefix = "line" }: Props) {
  const { t } = useI18n();
  const fmt = useStockFormat();
  const form = Form.useFormInstance();
  const lines = (Form.useWatch(name, form) as LineValues[] | undefined) ?? [];

  /** A scanned product: one more of it when already listed, else a new line (cost from the catalog). */
  function onScanned(product: Product) {
    const current = ((form.getFieldValue(name) as LineValues[] | undefined) ?? []).slice();
    const index = current.findIndex((line) => line?.product === product.id);
    if (index >= 0) {
      const quantity = current[index].quantity;
      current[index] = { ...current[index], quantity: isDecimal(quantity) ? addDecimal(quantity, "1") : "1" };
    } else {
      const blank = current.findIndex((line) => !line?.product);
      const row: LineValues = { product: product.id, quantity: "1", unit_cost: withCost ? trimDecimal(product.cost) || null : undefined };
      if (blank >= 0) current[blank] = row;
      else current.push(row);
    }
    form.setFieldValue(name, current);
  }

  const total = withCost
    ? sumDecimals(lines.map((line) => (line && isQuantity(line.quantity) ? stockValue(String(line.quantity), String(line.unit_cost ?? "")) : null)))
    : null;

  return (
    <>
      <ScanInput data-testid={`${testPrefix}-scan`} onProduct={onScanned} style={{ marginBottom: 12, maxWidth: 260 }} />
      <Form.List
        name={name}
        rules={[
          {
            validator: async (_, value: LineValues[] | undefined) => {
              const rows = (value ?? []).filter(Boolean);
              if (!rows.length) throw new Error(t("inventory.lines.atLeastOne"));
              const ids = rows.map((row) => row.product).filter((id) => id != null);
              if (new Set(ids).size !== ids.length) throw new Error(t("inventory.lines.duplicate"));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={8} align="start" wrap="wrap" data-testid={`${testPrefix}-row-${index}`}>
                <Form.Item
                  name={[field.name, "product"]}
                  rules={[{ required: true, message: t("validation.required") }]}
                  style={{ flex: "1 1 220px", marginBottom: 12 }}
                >
                  <ProductSelect
                    data-testid={`${testPrefix}-product-${index}`}
                    seed={seed}
                    onProduct={(product) => {
                      if (withCost && product && !form.getFieldValue([name, field.name, "unit_cost"])) {
                        form.setFieldValue([name, field.name, "unit_cost"], trimDecimal(product.cost) || null);
                      }
                    }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, "quantity"]}
                  rules={[
                    { required: true, message: t("validation.required") },
                    {
                      validator: async (_, v) => {
                        if (v != null && v !== "" && !isQuantity(v)) throw new Error(t("inventory.validation.quantity"));
                      },
                    },
                  ]}
                  style={{ flex: "0 1 120px", marginBottom: 12 }}
                >
                  <InputNumber<string>
                    data-testid={`${testPrefix}-qty-${index}`}
                    stringMode
                    min="0"
                    placeholder={t("inventory.col.quantity")}
                    style={{ width: "100%" }}
                  />
                </Form.Item>
                {withCost ? (
                  <Form.Item
                    name={[field.name, "unit_cost"]}
                    rules={[
                      { required: true, message: t("validation.required") },
                      {
                        validator: async (_, v) => {
                          if (v != null && v !== "" && !COST.test(String(v).trim())) throw new Error(t("inventory.validation.cost"));
                        },
                      },
                    ]}
                    style={{ flex: "0 1 140px", marginBottom: 12 }}
                  >
                    <InputNumber<string>
                      data-testid={`${testPrefix}-cost-${index}`}
                      stringMode
                      min="0"
                      placeholder={t("inventory.col.unitCost")}
                      prefix={fmt.currency || undefined}
                      style={{ width: "100%" }}
                    />
                  </Form.Item>
                ) : null}
                <Button
                  data-testid={`${testPrefix}-remove-${index}`}
                  icon={<DeleteOutlined />}
                  aria-label={t("inventory.lines.remove")}
                  onClick={() => remove(field.name)}
                  disabled={fields.length <= 1}
                />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
              <Button data-testid={`${testPrefix}-add`} type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t("inventory.lines.add")}
              </Button>
              {total !== null ? (
                <Typography.Text data-testid={`${testPrefix}-total`}>
                  {t("inventory.lines.total")}: <strong>{fmt.money(total)}</strong>
                </Typography.Text>
              ) : null}
            </Flex>
          </>
        )}
      </Form.List>
    </>
  );
}

/** Payload lines from form values (decimal strings as typed). */
export function toLines(rows: LineValues[] | undefined): { product: number; quantity: string }[] {
  return (rows ?? []).filter((row) => row?.product != null).map((row) => ({ product: row.product as number, quantity: String(row.quantity).trim() }));
}

export function toCostLines(rows: LineValues[] | undefined): { product: number; quantity: string; unit_cost: string }[] {
  return (rows ?? [])
    .filter((row) => row?.product != null)
    .map((row) => ({ product: row.product as number, quantity: String(row.quantity).trim(), unit_cost: String(row.unit_cost ?? "0").trim() }));
}
