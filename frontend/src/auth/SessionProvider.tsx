import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { getSession, logout as apiLogout, setUserLanguage } from "../api/endpoints";
import { toApiError, type ApiError } from "../api/client";
import type { Session } from "../api/types";
import { bootstrap } from "../config";
import { useI18n, type Lang } from "../i18n";

// The last signed-in session, so that a till reloaded while offline still opens (the service worker
// serves the app shell; /auth/session/ cannot answer). Only used when that request fails at the
// network level: a 401/403 or a "not authenticated" answer forgets it, and so does logging out.
const SESSION_KEY = "huiyuan.session";

function readCachedSession(): Session | null {
  try {
    const raw = window.localStorage.getItem(SESSION_KEY);
    const parsed = raw ? (JSON.parse(raw) as Session) : null;
    return parsed && parsed.authenticated && parsed.user && parsed.tenant ? parsed : null;
  } catch {
    return null;
  }
}

function writeCachedSession(session: Session | null): void {
  try {
    if (session?.authenticated && session.user) window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(SESSION_KEY);
  } catch {
    // Private mode or quota: an offline reload will ask for a login instead.
  }
}

interface SessionContextValue {
  session: Session | null;
  loading: boolean;
  error: ApiError | null;
  /** True while the session shown is the one saved on this device (the server could not be reached). */
  fromCache: boolean;
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
  const [fromCache, setFromCache] = useState(false);
  const current = useRef<Session | null>(null);
  current.current = session;

  const refresh = useCallback(async () => {
    try {
      const data = await getSession();
      setSessionState(data);
      setError(null);
      setFromCache(false);
      writeCachedSession(data);
    } catch (err) {
      const apiError = toApiError(err);
      setError(apiError);
      if (apiError.status === 0) {
        // Offline: keep what is shown, else fall back to the last session saved on this device.
        const cached = current.current ? null : readCachedSession();
        if (cached) {
          setSessionState(cached);
          setFromCache(true);
        }
      } else if (apiError.status === 401 || apiError.status === 403) {
        writeCachedSession(null);
      }
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A session taken from the device is checked again as soon as the connection returns.
  useEffect(() => {
    if (!fromCache) return;
    const onOnline = () => void refresh();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [fromCache, refresh]);

  const setSession = useCallback((data: Session) => {
    setSessionState(data);
    setError(null);
    setLoading(false);
    setFromCache(false);
    writeCachedSession(data);
  }, []);

  const logout = useCallback(async () => {
    await apiLogout();
    writeCachedSession(null);
    setFromCache(false);
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
    () => ({ session, loading, error, fromCache, refresh, setSession, logout, changeLanguage }),
    [session, loading, error, fromCache, refresh, setSession, logout, changeLanguage],
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
