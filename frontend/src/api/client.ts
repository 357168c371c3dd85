// Minimal fetch wrapper for the same-origin JSON API under /api/v1/.
import { getCurrentLang, t } from "../i18n";

export const API_BASE = "/api/v1/";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function getCookie(name: string): string | null {
  for (const part of document.cookie ? document.cookie.split(";") : []) {
    const [rawKey, ...rest] = part.trim().split("=");
    if (rawKey === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

function baseHeaders(): Record<string, string> {
  return { Accept: "application/json", "Accept-Language": getCurrentLang() };
}

let csrfRequest: Promise<void> | null = null;

/** Make sure the csrftoken cookie exists (GET /auth/csrf/ sets it). */
async function ensureCsrfCookie(force = false): Promise<void> {
  if (!force && getCookie("csrftoken")) return;
  if (!csrfRequest) {
    csrfRequest = fetch(`${API_BASE}auth/csrf/`, { credentials: "same-origin", headers: baseHeaders() })
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        csrfRequest = null;
      });
  }
  await csrfRequest;
}

function fallbackError(status: number): ApiError {
  if (status === 401) return new ApiError(status, "not_authenticated", t("error.notAuthenticated"));
  if (status === 403) return new ApiError(status, "permission_denied", t("error.permissionDenied"));
  if (status === 404) return new ApiError(status, "not_found", t("error.notFound"));
  if (status === 429) return new ApiError(status, "throttled", t("error.throttled"));
  if (status >= 500) return new ApiError(status, "server_error", t("error.server"));
  return new ApiError(status, "error", t("error.unknown"));
}

function normalizeFields(raw: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!raw || typeof raw !== "object") return out;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(value)) out[key] = value.map(String);
    else if (value != null) out[key] = [String(value)];
  }
  return out;
}

/** Turn an error response into an ApiError; `null` when the body is not in the API error format. */
async function parseError(response: Response): Promise<ApiError | null> {
  try {
    const body: unknown = await response.json();
    const error = (body as { error?: unknown } | null)?.error;
    if (error && typeof error === "object") {
      const e = error as { code?: unknown; message?: unknown; fields?: unknown };
      const fallback = fallbackError(response.status);
      return new ApiError(
        response.status,
        typeof e.code === "string" ? e.code : fallback.code,
        typeof e.message === "string" && e.message ? e.message : fallback.message,
        normalizeFields(e.fields),
      );
    }
  } catch {
    // Not JSON (e.g. Django's HTML CSRF failure page or a proxy error).
  }
  return null;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key` on money-changing POSTs). */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}, retried = false): Promise<T> {
  const upper = method.toUpperCase();
  const unsafe = !SAFE_METHODS.has(upper);
  let url = path.startsWith("/") ? path : API_BASE + path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += (url.includes("?") ? "&" : "?") + qs;
  }

  const headers = { ...baseHeaders(), ...options.headers };
  if (unsafe) {
    await ensureCsrfCookie();
    const token = getCookie("csrftoken");
    if (token) headers["X-CSRFToken"] = token;
  }
  const isForm = typeof FormData !== "undefined" && options.body instanceof FormData;
  // A FormData body (file upload) sets its own multipart Content-Type with the boundary.
  if (options.body !== undefined && !isForm) headers["Content-Type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(url, {
      method: upper,
      credentials: "same-origin",
      headers,
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network_error", t("error.network"));
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const apiError = await parseError(response);
  // A 403 that is not in the API error format is most likely a stale/missing CSRF token: refresh once.
  if (response.status === 403 && unsafe && !retried && (!apiError || /csrf/i.test(apiError.code))) {
    await ensureCsrfCookie(true);
    return request<T>(method, path, options, true);
  }
  throw apiError ?? fallbackError(response.status);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PATCH", path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};

/** GET a file (e.g. an export) with the session cookie; API errors are thrown as ApiError. */
export async function downloadFile(path: string, query?: Record<string, string>): Promise<{ blob: Blob; filename: string }> {
  let url = API_BASE + path;
  if (query) url += "?" + new URLSearchParams(query).toString();
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", headers: { "Accept-Language": getCurrentLang() } });
  } catch {
    throw new ApiError(0, "network_error", t("error.network"));
  }
  if (!response.ok) throw (await parseError(response)) ?? fallbackError(response.status);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), filename: match ? decodeURIComponent(match[1]) : "download" };
}

/** Hand a downloaded blob to the browser as a file. */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Headers for a money-changing POST; the same key replays the same operation on the server. */
export function idempotent(key: string): RequestOptions {
  return { headers: { "Idempotency-Key": key } };
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** Any thrown value as an ApiError (unknown errors become a generic one). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, "error", t("error.unknown"));
}
