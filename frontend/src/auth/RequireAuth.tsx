import { Button, Result } from "antd";
import { Navigate, Outlet, useLocation } from "react-router-dom";
import { PageSpinner } from "../components/PageSpinner";
import { useT } from "../i18n";
import { useSession } from "./SessionProvider";

/** Gate for the logged-in app: unauthenticated visits go to /login?next=... */
export function RequireAuth() {
  const t = useT();
  const location = useLocation();
  const { session, loading, error, refresh } = useSession();

  if (loading) return <PageSpinner />;
  if (!session && error) {
    return (
      <Result
        status="warning"
        title={t("error.title")}
        subTitle={error.message}
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  }
  if (!session?.authenticated || !session.user) {
    const here = location.pathname + location.search;
    const target = here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
    return <Navigate to={target} replace />;
  }
  return <Outlet />;
}
