import { useEffect, useMemo, useRef, useState, type HTMLAttributes } from "react";
import { Button, Card, Flex, Input, Segmented, Space, Table, Tag, Typography, type InputRef, type TableColumnsType } from "antd";
import { ImportOutlined, SearchOutlined, UserAddOutlined } from "@ant-design/icons";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import type { Page } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { formatDateTime } from "../components/format";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useDebounced } from "../components/useDebounced";
import { useI18n } from "../i18n";
import { isManagerRole } from "../loyalty/labels";
import { listCustomers, lookupCustomers } from "./api";
import { CustomFieldFilter } from "./customFields/CustomFieldFilter";
import { useCustomerSchema } from "./customFields/schema";
import { ExportButtons } from "./import/ExportButtons";
import { ImportWizard } from "./import/ImportWizard";
import { MemberFormModal } from "./MemberFormModal";
import type { CustomerDetail, CustomerSummary } from "./types";

const DEFAULT_PAGE_SIZE = 20;
const CF_PREFIX = "cf_";

/** The custom field filter in the URL: the first cf_<key>=<value>. */
function cfFromParams(params: URLSearchParams): { key: string; value: string } {
  for (const [name, value] of params.entries()) if (name.startsWith(CF_PREFIX)) return { key: name.slice(CF_PREFIX.length), value };
  return { key: "", value: "" };
}
type Scope = "members" | "all";

/** Member list: search (phone, card number, member number or name), filters, "New member". */
export function MembersPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [tagInput, setTagInput] = useState(params.get("tag") ?? "");
  const scope: Scope = params.get("scope") === "all" ? "all" : "members";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const q = useDebounced(search.trim(), 300);
  const tag = useDebounced(tagInput.trim(), 300);
  const [data, setData] = useState<Page<CustomerSummary> | null>(null);
  const [loading, setLoading] = useState(true);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const schema = useCustomerSchema();
  const manager = isManagerRole(session?.user?.role);
  const initialCf = cfFromParams(params);
  const [cfKey, setCfKey] = useState(initialCf.key);
  const [cfInput, setCfInput] = useState(initialCf.value);
  const cfValue = useDebounced(cfInput.trim(), 300);
  const pageSize = useRef(DEFAULT_PAGE_SIZE);
  const searchRef = useRef<InputRef>(null);
  const timeZone = session?.tenant?.time_zone;

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  function updateParams(changes: Record<string, string | null>) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  }

  // Keep the debounced search and tag in the URL (back from a member page restores them).
  useEffect(() => {
    if ((params.get("q") ?? "") === q && (params.get("tag") ?? "") === tag) return;
    updateParams({ q, tag, page: null });
  }, [q, tag]);

  // The custom field filter too (one cf_<key> at a time).
  useEffect(() => {
    const current = cfFromParams(params);
    if (current.key === cfKey && current.value === cfValue) return;
    const changes: Record<string, string | null> = { page: null };
    for (const name of params.keys()) if (name.startsWith(CF_PREFIX)) changes[name] = null;
    if (cfKey && cfValue) changes[CF_PREFIX + cfKey] = cfValue;
    updateParams(changes);
  }, [cfKey, cfValue]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const cf = cfKey && cfValue ? { [`${CF_PREFIX}${cfKey}` as const]: cfValue } : {};
    listCustomers({ q, tag, is_member: scope === "members" ? "true" : undefined, page, ...cf }, controller.signal)
      .then((result) => {
        if (result.next) pageSize.current = result.results.length;
        else pageSize.current = Math.max(pageSize.current, result.results.length);
        setData(result);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        handleError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [q, tag, scope, page, cfKey, cfValue, reloadKey, handleError]);

  /** Enter: a card scan or an exact phone / member number goes straight to that member. */
  async function onEnter() {
    const text = search.trim();
    if (!text) return;
    try {
      const { results } = await lookupCustomers(text);
      if (results.length === 1) navigate(`/app/members/${results[0].id}`);
    } catch (err) {
      handleError(err);
    }
  }

  const columns = useMemo<TableColumnsType<CustomerSummary>>(
    () => [
      {
        title: t("members.col.name"),
        dataIndex: "name",
        render: (name: string, row) => <Link to={`/app/members/${row.id}`}>{name || "—"}</Link>,
      },
      {
        title: t("members.col.memberNo"),
        dataIndex: "member_no",
        render: (value: string | null) => value || <Tag>{t("members.notMember")}</Tag>,
      },
      { title: t("members.col.phone"), dataIndex: "phone", render: (value: string, row) => row.phone_display || value || "—" },
      {
        title: t("members.col.tags"),
        dataIndex: "tags",
        responsive: ["md"],
        render: (tags: string[]) => (tags ?? []).map((tg) => <Tag key={tg}>{tg}</Tag>),
      },
      {
        title: t("members.col.lastVisit"),
        dataIndex: "last_visit_at",
        responsive: ["lg"],
        render: (value: string | null) =>
          formatDateTime(value, lang, timeZone) ?? <Typography.Text type="secondary">{t("common.never")}</Typography.Text>,
      },
    ],
    [t, lang, timeZone],
  );

  function onCreated(created: CustomerDetail) {
    setFormOpen(false);
    navigate(`/app/members/${created.id}`, { state: { possibleDuplicates: created.possible_duplicates ?? [] } });
  }

  return (
    <Card
      title={t("members.title")}
      extra={
        <Space wrap>
          {manager ? (
            <>
              <Button data-testid="member-import-open" icon={<ImportOutlined />} onClick={() => setImportOpen(true)}>
                {t("import.open")}
              </Button>
              <ExportButtons />
            </>
          ) : null}
          <Button data-testid="member-new" type="primary" icon={<UserAddOutlined />} onClick={() => setFormOpen(true)}>
            {t("members.new")}
          </Button>
        </Space>
      }
    >
      <Flex gap={12} wrap="wrap" style={{ marginBottom: 16 }}>
        <Input
          ref={searchRef}
          autoFocus
          allowClear
          data-testid="member-search"
          prefix={<SearchOutlined />}
          placeholder={t("members.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onPressEnter={() => void onEnter()}
          style={{ flex: "1 1 280px", maxWidth: 480 }}
          autoComplete="off"
        />
        <Segmented<Scope>
          data-testid="member-scope"
          value={scope}
          onChange={(value) => updateParams({ scope: value === "all" ? "all" : null, page: null })}
          options={[
            { value: "members", label: t("members.scope.members") },
            { value: "all", label: t("members.scope.all") },
          ]}
        />
        <Input
          allowClear
          data-testid="member-tag-filter"
          placeholder={t("members.tagFilter")}
          value={tagInput}
          onChange={(e) => setTagInput(e.target.value)}
          style={{ width: 180 }}
          autoComplete="off"
        />
        <CustomFieldFilter
          fields={schema?.fields ?? []}
          fieldKey={cfKey}
          value={cfInput}
          onChange={(key, value) => {
            setCfKey(key);
            setCfInput(value);
          }}
        />
      </Flex>
      <div data-testid="member-table">
        <Table<CustomerSummary>
          rowKey="id"
          columns={columns}
          dataSource={data?.results ?? []}
          loading={loading}
          scroll={{ x: "max-content" }}
          onRow={(row) =>
            ({
              "data-testid": `member-row-${row.id}`,
              style: { cursor: "pointer" },
              onClick: (e) => {
                if ((e.target as HTMLElement).closest("a")) return;
                navigate(`/app/members/${row.id}`);
              },
            }) as HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize: pageSize.current,
            total: data?.count ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (total) => t("members.total", { count: total }),
            onChange: (p) => updateParams({ page: p > 1 ? String(p) : null }),
          }}
        />
      </div>
      <MemberFormModal open={formOpen} schema={schema} onClose={() => setFormOpen(false)} onSaved={onCreated} />
      {manager ? <ImportWizard open={importOpen} onClose={() => setImportOpen(false)} onImported={() => setReloadKey((k) => k + 1)} /> : null}
    </Card>
  );
}
