import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { Route, Routes } from "react-router-dom";
import { toApiError } from "../api/client";
import { NotFound } from "../components/NotFound";
import { PageSpinner } from "../components/PageSpinner";
import { useApiErrorHandler } from "../components/useApiErrorHandler";
import { getVendorSession, vendorLogout } from "./api";
import { DashboardPage } from "./DashboardPage";
import { TenantDetailPage } from "./TenantDetailPage";
import { TenantsPage } from "./TenantsPage";
import type { VendorSession } from "./types";
import { VendorLayout } from "./VendorLayout";
import { VendorLogin } from "./VendorLogin";

interface VendorContextValue {
  session: VendorSession;
  setSession: (session: VendorSession) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const VendorContext = createContext<VendorContextValue | null>(null);

export function useVendor(): VendorContextValue {
  const ctx = useContext(VendorContext);
  if (!ctx) throw new Error("useVendor must be used inside <VendorConsole>");
  return ctx;
}

/** Shows an API error; a lost or expired console session sends the user back to the log-in. */
export function useVendorErrorHandler() {
  const handleError = useApiErrorHandler();
  const ctx = useContext(VendorContext);
  return useCallback(
    (err: unknown, ...rest: Parameters<typeof handleError> extends [unknown, ...infer R] ? R : never) => {
      const error = toApiError(err);
      if (ctx && (error.code === "not_authenticated" || (error.status === 403 && error.code === "permission_denied"))) {
        void ctx.refresh();
      }
      return handleError(err, ...rest);
    },
    [ctx, handleError],
  );
}

/** The vendor console at /vendor on the public host: log-in with two factors, then the console. */
export default function VendorConsole() {
  const [session, setSession] = useState<VendorSession | null>(null);
  const handleError = useApiErrorHandler();

  const refresh = useCallback(async () => {
    try {
      setSession(await getVendorSession());
    } catch (err) {
      handleError(err);
      setSession({ stage: "password", user: null });
    }
  }, [handleError]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const logout = useCallback(async () => {
    await vendorLogout();
    setSession({ stage: "password", user: null });
  }, []);

  const value = useMemo(
    () => (session ? { session, setSession, refresh, logout } : null),
    [session, refresh, logout],
  );

  if (!value) return <PageSpinner />;
  if (value.session.stage !== "verified" || value.session.recovery_codes?.length) {
    return (
      <VendorContext.Provider value={value}>
        <VendorLogin />
      </VendorContext.Provider>
    );
  }
  return (
    <VendorContext.Provider value={value}>
      <Routes>
        <Route element={<VendorLayout />}>
          <Route index element={<DashboardPage />} />
          <Route path="tenants" element={<TenantsPage />} />
          <Route path="tenants/:id" element={<TenantDetailPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </VendorContext.Provider>
  );
}
