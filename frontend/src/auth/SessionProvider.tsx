import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { getSession, logout as apiLogout, setUserLanguage } from "../api/endpoints";
import { toApiError, type ApiError } from "../api/client";
import type { Session } from "../api/types";
import { bootstrap } from "../config";
import { useI18n, type Lang } from "../i18n";

interface SessionContextValue {
  session: Session | null;
  loading: boolean;
  error: ApiError | null;
  /** Re-read /auth/session/ (e.g. after a language change, to get translated menu labels). */
  refresh: () => Promise<void>;
  /** Store a session payload returned by login / accept-invitation. */
  setSession: (session: Session) => void;
  logout: () => Promise<void>;
  /** Switch the UI language; saved on the server too when logged in. */
  changeLanguage: (lang: Lang) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLang } = useI18n();
  const [session, setSessionState] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);

  const refresh = useCallback(async () => {
    try {
      const data = await getSession();
      setSessionState(data);
      setError(null);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const setSession = useCallback((data: Session) => {
    setSessionState(data);
    setError(null);
    setLoading(false);
  }, []);

  const logout = useCallback(async () => {
    await apiLogout();
    setSessionState((prev) => (prev ? { ...prev, authenticated: false, user: null, menu: [] } : prev));
  }, []);

  const authenticated = Boolean(session?.authenticated);

  const changeLanguage = useCallback(
    async (lang: Lang) => {
      setLang(lang);
      if (!authenticated) return;
      try {
        await setUserLanguage(lang);
      } finally {
        // Menu labels are translated by the server: fetch them again in the new language.
        await refresh();
      }
    },
    [authenticated, refresh, setLang],
  );

  const value = useMemo(
    () => ({ session, loading, error, refresh, setSession, logout, changeLanguage }),
    [session, loading, error, refresh, setSession, logout, changeLanguage],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession must be used inside <SessionProvider>");
  return ctx;
}

/** Shop name from the session, falling back to the server-injected bootstrap data. */
export function useShopName(): string {
  const { session } = useSession();
  return session?.tenant?.name || bootstrap.tenant?.name || "";
}
