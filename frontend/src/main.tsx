import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App as AntApp } from "antd";
import { PageSpinner } from "./components/PageSpinner";
import { DismissApiErrorOnNavigate } from "./components/useApiErrorHandler";
import { bootstrap } from "./config";
import { I18nProvider } from "./i18n";
import "./styles.css";

// The public marketing/sign-up site and the tenant app are separate chunks.
const PublicSite = lazy(() => import("./public/PublicSite"));
const TenantSite = lazy(() => import("./app/TenantSite"));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider initialLanguage={bootstrap.language}>
      <AntApp>
        <BrowserRouter>
          <DismissApiErrorOnNavigate />
          <Suspense fallback={<PageSpinner />}>{bootstrap.site === "tenant" ? <TenantSite /> : <PublicSite />}</Suspense>
        </BrowserRouter>
      </AntApp>
    </I18nProvider>
  </StrictMode>,
);
