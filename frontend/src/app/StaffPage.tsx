import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { App, Badge, Button, Card, Flex, Popconfirm, Space, Tag, Typography, type TableColumnsType } from "antd";
import { EditOutlined, ReloadOutlined, UserAddOutlined } from "@ant-design/icons";
import { listStaff, setStaffActive } from "../api/endpoints";
import type { Page, Role, StaffMember } from "../api/types";
import { useSession } from "../auth/SessionProvider";
import { listStores } from "../catalog/api";
import type { Store } from "../catalog/types";
import { formatDateTime } from "../components/format";
import { PagedTable } from "../components/PagedTable";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { useI18n } from "../i18n";
import { InviteStaffModal } from "./InviteStaffModal";
import { roleColor } from "./roles";
import { StaffStoresModal } from "./StaffStoresModal";

const DEFAULT_PAGE_SIZE = 20;

export function StaffPage() {
  const { t, tOpt, lang } = useI18n();
  const { session } = useSession();
  const handleError = useApiErrorHandler();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<StaffMember> | null>(null);
  const [loading, setLoading] = useState(true);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [stores, setStores] = useState<Store[]>([]);
  const [storesOf, setStoresOf] = useState<StaffMember | null>(null);
  // The API does not state its page size: learn it from a page that has a next page.
  const pageSize = useRef(DEFAULT_PAGE_SIZE);

  const role = session?.user?.role;
  const timeZone = session?.tenant?.time_zone;
  const canInvite = role === "owner" || role === "manager";
  const invitableRoles: Role[] = role === "owner" ? ["cashier", "manager", "owner"] : ["cashier", "manager"];
  // Owners set anyone's stores but an owner's (never limited); managers set cashiers' only.
  const canSetStores = useCallback(
    (member: StaffMember) => (role === "owner" ? member.role !== "owner" : role === "manager" && member.role === "cashier"),
    [role],
  );

  useEffect(() => {
    if (!canInvite) return;
    listStores()
      .then(setStores)
      .catch((err: unknown) => handleError(err));
  }, [canInvite, handleError]);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    listStaff(page)
      .then((result) => {
        if (cancelled) return;
        if (result.next) pageSize.current = result.results.length;
        else pageSize.current = Math.max(pageSize.current, result.results.length);
        setData(result);
      })
      .catch((err: unknown) => {
        if (!cancelled) handleError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [page, reloadKey, handleError]);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  const { message } = App.useApp();
  // Owners manage anyone but themselves; managers manage cashiers (the server checks it too).
  const canToggle = useCallback(
    (member: StaffMember) =>
      member.id !== session?.user?.id && !member.invitation_pending && (role === "owner" || (role === "manager" && member.role === "cashier")),
    [role, session?.user?.id],
  );
  const toggleActive = useCallback(
    (member: StaffMember) =>
      setStaffActive(member.id, !member.is_active)
        .then(() => {
          message.success(t(member.is_active ? "staff.deactivated" : "staff.activated"));
          reload();
        })
        .catch((err: unknown) => handleError(err)),
    [message, t, reload, handleError],
  );

  const storeNames = useMemo(() => new Map(stores.map((s) => [s.id, s.name])), [stores]);

  const columns = useMemo<TableColumnsType<StaffMember>>(
    () => [
      {
        title: t("staff.col.name"),
        dataIndex: "name",
        render: (name: string, row) => name || row.email,
      },
      { title: t("staff.col.email"), dataIndex: "email" },
      {
        title: t("staff.col.role"),
        dataIndex: "role",
        render: (value: string) => <Tag color={roleColor(value)}>{tOpt(`role.${value}`, value)}</Tag>,
      },
      {
        title: t("staff.col.status"),
        key: "status",
        render: (_: unknown, row) =>
          row.invitation_pending ? (
            <span data-testid="staff-pending">
              <Badge status="warning" text={t("staff.status.pending")} />
            </span>
          ) : row.is_active ? (
            <Badge status="success" text={t("staff.status.active")} />
          ) : (
            <Badge status="default" text={t("staff.status.inactive")} />
          ),
      },
      {
        title: t("staffStores.column"),
        key: "stores",
        render: (_: unknown, row) => {
          const names = (row.stores ?? []).map((id) => storeNames.get(id) ?? `#${id}`);
          return (
            <Space size={4} wrap data-testid={`staff-stores-${row.id}`}>
              {names.length ? names.map((name) => <Tag key={name}>{name}</Tag>) : <Typography.Text type="secondary">{t("staffStores.all")}</Typography.Text>}
              {canSetStores(row) ? (
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined />}
                  data-testid={`staff-stores-edit-${row.id}`}
                  onClick={() => setStoresOf(row)}
                  aria-label={t("staffStores.edit")}
                />
              ) : null}
            </Space>
          );
        },
      },
      {
        title: t("staff.col.lastLogin"),
        dataIndex: "last_login",
        responsive: ["md"],
        render: (value: string | null) => formatDateTime(value, lang, timeZone) ?? <Typography.Text type="secondary">{t("common.never")}</Typography.Text>,
      },
      {
        title: t("staff.col.joined"),
        dataIndex: "date_joined",
        responsive: ["lg"],
        render: (value: string | null) => formatDateTime(value, lang, timeZone) ?? "—",
      },
      {
        title: t("staff.col.actions"),
        key: "actions",
        render: (_: unknown, row) =>
          canToggle(row) ? (
            <Popconfirm
              title={t(row.is_active ? "staff.deactivateConfirm" : "staff.activateConfirm")}
              onConfirm={() => toggleActive(row)}
              okText={t("common.yes")}
              cancelText={t("common.no")}
            >
              <Button size="small" danger={row.is_active} data-testid={`staff-toggle-${row.id}`}>
                {t(row.is_active ? "staff.deactivate" : "staff.activate")}
              </Button>
            </Popconfirm>
          ) : null,
      },
    ],
    [t, tOpt, lang, timeZone, storeNames, canSetStores, canToggle, toggleActive],
  );

  return (
    <Card
      title={t("staff.title")}
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t("common.retry")} />
          {canInvite ? (
            <Button data-testid="staff-invite-open" type="primary" icon={<UserAddOutlined />} onClick={() => setInviteOpen(true)}>
              {t("staff.invite")}
            </Button>
          ) : null}
        </Flex>
      }
    >
      <PagedTable<StaffMember>
        testId="staff-table"
        columns={columns}
        data={data}
        loading={loading}
        page={page}
        pageSize={pageSize.current}
        onPageChange={setPage}
        showTotal={(total) => t("staff.total", { count: total })}
      />
      <InviteStaffModal open={inviteOpen} roles={invitableRoles} stores={stores} onClose={() => setInviteOpen(false)} onInvited={reload} />
      <StaffStoresModal
        member={storesOf}
        stores={stores}
        onClose={() => setStoresOf(null)}
        onSaved={() => {
          setStoresOf(null);
          reload();
        }}
      />
    </Card>
  );
}
