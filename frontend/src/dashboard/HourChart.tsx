import { Tooltip } from "antd";
import { useMoney } from "../components/money";
import { useI18n } from "../i18n";
import type { DashboardHour } from "./api";

const BAR_COLOR = "#0f766e";
const HEIGHT = 140;
/** At least this many hours are drawn, so one busy hour does not fill the whole width. */
const MIN_SLOTS = 8;

const hh = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** The hours to draw: the span that had sales, widened to MIN_SLOTS within 0–23. */
export function hourSpan(hours: number[]): number[] {
  if (!hours.length) return [];
  let start = Math.min(...hours);
  let end = Math.max(...hours);
  while (end - start + 1 < MIN_SLOTS && (start > 0 || end < 23)) {
    if (end < 23) end += 1;
    if (end - start + 1 < MIN_SLOTS && start > 0) start -= 1;
  }
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

/** Sales per hour of the shop's day as plain CSS bars; each bar's tooltip gives the amount and orders. */
export function HourChart({ data }: { data: DashboardHour[] }) {
  const { t } = useI18n();
  const { money } = useMoney();
  const byHour = new Map(data.map((h) => [h.hour, h]));
  const slots = hourSpan(data.map((h) => h.hour));
  // Proportions only (display): a float is fine here, amounts are shown from the decimal strings.
  const max = Math.max(0, ...data.map((h) => Number(h.total) || 0));
  const labelEvery = slots.length > 16 ? 3 : slots.length > 10 ? 2 : 1;

  return (
    <div role="img" aria-label={t("dashboard.byHour")} data-testid="dashboard-by-hour">
      <div style={{ display: "flex", alignItems: "flex-end", gap: 4, height: HEIGHT, borderBottom: "1px solid #e5e7eb" }}>
        {slots.map((hour) => {
          const row = byHour.get(hour);
          const value = row ? Number(row.total) || 0 : 0;
          const pct = max > 0 ? (value / max) * 100 : 0;
          const tip = row
            ? t("dashboard.hourTip", { from: hh(hour), to: hh((hour + 1) % 24), total: money(row.total), count: row.orders })
            : null;
          const bar = (
            <div
              data-testid={row ? `dashboard-hour-${hour}` : undefined}
              aria-label={tip ?? undefined}
              style={{
                width: "100%",
                maxWidth: 40,
                height: row ? `max(${pct}%, 3px)` : 0,
                background: BAR_COLOR,
                borderRadius: "4px 4px 0 0",
                cursor: row ? "default" : undefined,
              }}
            />
          );
          return (
            <div key={hour} style={{ flex: 1, minWidth: 0, height: "100%", display: "flex", alignItems: "flex-end", justifyContent: "center" }}>
              {tip ? <Tooltip title={tip}>{bar}</Tooltip> : bar}
            </div>
          );
        })}
      </div>
      <div style={{ display: "flex", gap: 4, marginTop: 4 }}>
        {slots.map((hour, i) => (
          <div key={hour} style={{ flex: 1, minWidth: 0, textAlign: "center", fontSize: 11, color: "#6b7280", whiteSpace: "nowrap" }}>
            {i % labelEvery === 0 ? String(hour).padStart(2, "0") : ""}
          </div>
        ))}
      </div>
    </div>
  );
}
