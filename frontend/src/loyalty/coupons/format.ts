import { useCallback } from "react";
import { useMoney } from "../../components/money";
import { useI18n } from "../../i18n";
import type { CouponTemplate } from "./types";

/** "NT$100 off" / "10% off (max NT$50)" for a template. */
export function useCouponValueText() {
  const { t } = useI18n();
  const { money, quantity } = useMoney();
  return useCallback(
    (tpl: Pick<CouponTemplate, "kind" | "value" | "max_discount">) => {
      if (tpl.kind === "percent") {
        const base = t("couponTpl.percentValue", { value: quantity(tpl.value) });
        return tpl.max_discount ? `${base} ${t("couponTpl.maxValue", { value: money(tpl.max_discount) })}` : base;
      }
      return t("couponTpl.amountValue", { value: money(tpl.value) });
    },
    [t, money, quantity],
  );
}
