import { useEffect, useMemo, useState } from "react";
import { Flex, Input, Typography, type TableColumnsType } from "antd";
import { useSession } from "../../auth/SessionProvider";
import { formatDateTime } from "../../components/format";
import { PagedTable } from "../../components/PagedTable";
import { useAbortableLoad } from "../../components/useAbortableLoad";
import { useDebounced } from "../../components/useDebounced";
import { useI18n } from "../../i18n";
import { listAuditLog, type AuditEntry } from "./api";

const PAGE_SIZE = 50;

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** "field: before → after" for every key that appears on either side. */
function ChangeList({ before, after }: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  const keys = Array.from(new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]));
  if (!keys.length) return <>—</>;
  return (
    <div style={{ maxWidth: 420 }}>
      {keys.map((k) => (
        <div key={k}>
          <Typography.Text type="secondary">{k}: </Typography.Text>
          {k in (before ?? {}) ? <Typography.Text delete={k in (after ?? {})}>{show(before[k])}</Typography.Text> : null}
          {k in (before ?? {}) && k in (after ?? {}) ? " → " : null}
          {k in (after ?? {}) ? <Typography.Text strong>{show(after[k])}</Typography.Text> : null}
        </div>
      ))}
    </div>
  );
}

/** Owner-only audit trail of sensitive changes. */
export function AuditLogTab() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [page, setPage] = useState(1);
  const [actionInput, setActionInput] = useState("");
  const action = useDebounced(actionInput.trim(), 300);
  const timeZone = session?.tenant?.time_zone;

  useEffect(() => setPage(1), [action]);

  const { data, loading } = useAbortableLoad(
    (signal) => listAuditLog({ page, action }, signal),
    [page, action],
  );

  const columns = useMemo<TableColumnsType<AuditEntry>>(
    () => [
      { title: t("audit.time"), dataIndex: "created_at", render: (v: string) => formatDateTime(v, lang, timeZone) },
      { title: t("audit.staff"), dataIndex: "actor", render: (v: string | null) => v || t("audit.system") },
      { title: t("audit.action"), dataIndex: "action", render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
      { title: t("audit.target"), key: "target", render: (_, r) => `${r.target_type}${r.target_id ? ` #${r.target_id}` : ""}` },
      { title: t("common.reason"), dataIndex: "reason", render: (v: string) => v || "—" },
      { title: t("audit.change"), key: "change", render: (_, r) => <ChangeList before={r.before} after={r.after} /> },
    ],
    [t, lang, timeZone],
  );

  return (
    <>
      <Flex gap={12} style={{ marginBottom: 12 }}>
        <Input
          allowClear
          data-testid="audit-action-filter"
          placeholder={t("audit.actionFilter")}
          value={actionInput}
          onChange={(e) => setActionInput(e.target.value)}
          style={{ width: 240 }}
          autoComplete="off"
        />
      </Flex>
      <PagedTable<AuditEntry>
        testId="audit-table"
        size="small"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </>
  );
}
