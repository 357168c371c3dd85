import { useI18n } from "../i18n";
import type { ChurnMonth } from "./types";

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 16, right: 48, bottom: 36, left: 40 };
const NEW_COLOR = "#0f766e";
const CANCEL_COLOR = "#dc2626";
const RATE_COLOR = "#7c3aed";

/** Bars: new tenants and cancellations per month (left axis); line: churn rate (right axis, %). Plain SVG. */
export function ChurnChart({ data }: { data: ChurnMonth[] }) {
  const { t } = useI18n();
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const maxCount = Math.max(1, ...data.map((m) => Math.max(m.new, m.cancelled)));
  const maxRate = Math.max(0.05, ...data.map((m) => m.churn_rate ?? 0));
  const slot = innerW / Math.max(1, data.length);
  const barW = Math.max(4, Math.min(18, slot / 3));
  const y = (count: number) => PAD.top + innerH - (count / maxCount) * innerH;
  const yRate = (rate: number) => PAD.top + innerH - (rate / maxRate) * innerH;
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const ratePoints = data
    .map((m, i) => (m.churn_rate === null ? null : `${x(i)},${yRate(m.churn_rate)}`))
    .filter(Boolean)
    .join(" ");
  const pct = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);

  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={t("vendor.metrics.churnTitle")}
        data-testid="vendor-churn-chart"
        style={{ maxHeight: 320 }}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + innerH * (1 - f)} y2={PAD.top + innerH * (1 - f)} stroke="#e5e7eb" />
            <text x={PAD.left - 6} y={PAD.top + innerH * (1 - f) + 4} fontSize="11" textAnchor="end" fill="#6b7280">
              {Math.round(maxCount * f)}
            </text>
            <text x={WIDTH - PAD.right + 6} y={PAD.top + innerH * (1 - f) + 4} fontSize="11" fill={RATE_COLOR}>
              {`${(maxRate * f * 100).toFixed(0)}%`}
            </text>
          </g>
        ))}
        {data.map((m, i) => (
          <g key={m.month}>
            <title>
              {t("vendor.metrics.churnTable", {
                month: m.month,
                active: m.active_at_start,
                cancelled: m.cancelled,
                rate: pct(m.churn_rate),
              })}
            </title>
            <rect x={x(i) - barW - 1} y={y(m.new)} width={barW} height={PAD.top + innerH - y(m.new)} fill={NEW_COLOR} rx="2" />
            <rect x={x(i) + 1} y={y(m.cancelled)} width={barW} height={PAD.top + innerH - y(m.cancelled)} fill={CANCEL_COLOR} rx="2" />
            <text x={x(i)} y={HEIGHT - PAD.bottom + 16} fontSize="11" textAnchor="middle" fill="#6b7280">
              {m.month.slice(2)}
            </text>
          </g>
        ))}
        {ratePoints ? <polyline points={ratePoints} fill="none" stroke={RATE_COLOR} strokeWidth="2" /> : null}
        {data.map((m, i) =>
          m.churn_rate === null ? null : <circle key={m.month} cx={x(i)} cy={yRate(m.churn_rate)} r="3" fill={RATE_COLOR} />,
        )}
      </svg>
      <figcaption style={{ display: "flex", gap: 16, justifyContent: "center", fontSize: 12, color: "#4b5563" }}>
        <span>
          <span style={{ display: "inline-block", width: 10, height: 10, background: NEW_COLOR, marginRight: 4 }} />
          {t("vendor.metrics.new")}
        </span>
        <span>
          <span style={{ display: "inline-block", width: 10, height: 10, background: CANCEL_COLOR, marginRight: 4 }} />
          {t("vendor.metrics.cancelled")}
        </span>
        <span>
          <span style={{ display: "inline-block", width: 14, height: 2, background: RATE_COLOR, marginRight: 4, verticalAlign: "middle" }} />
          {t("vendor.metrics.churn")}
        </span>
      </figcaption>
    </figure>
  );
}
