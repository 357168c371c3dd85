// Server-injected bootstrap data (window.__HUIYUAN__). Absent under `vite dev`.

export type Site = "public" | "tenant";

export interface BootstrapTenant {
  name: string;
  subdomain: string;
}

export interface Bootstrap {
  site: Site;
  tenant: BootstrapTenant | null;
  baseDomain: string;
  language: string | null;
  version: string;
}

declare global {
  interface Window {
    __HUIYUAN__?: Partial<Bootstrap>;
  }
}

function readBootstrap(): Bootstrap {
  const raw = (typeof window !== "undefined" && window.__HUIYUAN__) || {};
  // Dev-only override so the tenant screens can be tried under `vite dev`.
  const devSite = import.meta.env.VITE_HUIYUAN_SITE as string | undefined;
  const site: Site = raw.site === "tenant" || (!raw.site && devSite === "tenant") ? "tenant" : "public";
  const tenant =
    raw.tenant && typeof raw.tenant === "object" && typeof raw.tenant.name === "string"
      ? { name: raw.tenant.name, subdomain: String(raw.tenant.subdomain ?? "") }
      : null;
  return {
    site,
    tenant,
    baseDomain: typeof raw.baseDomain === "string" && raw.baseDomain ? raw.baseDomain : "localhost",
    language: typeof raw.language === "string" ? raw.language : null,
    version: typeof raw.version === "string" ? raw.version : "dev",
  };
}

export const bootstrap: Bootstrap = readBootstrap();

/** Port suffix of the current page (":8000"), or "" on default ports. */
export function currentPortSuffix(): string {
  return window.location.port ? `:${window.location.port}` : "";
}

/** URL of a tenant host for the given subdomain, keeping the current scheme and port. */
export function tenantUrl(subdomain: string, path = "/"): string {
  return `${window.location.protocol}//${subdomain}.${bootstrap.baseDomain}${currentPortSuffix()}${path}`;
}

/** URL of the public host, keeping the current scheme and port. */
export function publicUrl(path = "/"): string {
  return `${window.location.protocol}//${bootstrap.baseDomain}${currentPortSuffix()}${path}`;
}
