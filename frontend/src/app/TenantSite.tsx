import { useEffect } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { AcceptInvitePage } from "../auth/AcceptInvitePage";
import { LoginPage } from "../auth/LoginPage";
import { RequireAuth } from "../auth/RequireAuth";
import { SessionProvider } from "../auth/SessionProvider";
import { CashierPage } from "../cashier/CashierPage";
import { BillingPage } from "../billing/BillingPage";
import { CatalogPage } from "../catalog/CatalogPage";
import { NotFound } from "../components/NotFound";
import { PageSpinner } from "../components/PageSpinner";
import { ExpensesPage } from "../expenses/ExpensesPage";
import { InventoryPage } from "../inventory/InventoryPage";
import { LoyaltyPage } from "../loyalty/LoyaltyPage";
import { MemberPage } from "../members/MemberPage";
import { MembersPage } from "../members/MembersPage";
import { OrdersPage } from "../orders/OrdersPage";
import { publicUrl } from "../config";
import { AppShell } from "./AppShell";
import { DashboardPage } from "./DashboardPage";
import { SettingsPage } from "./SettingsPage";
import { StaffPage } from "./StaffPage";

/** Sign-up lives on the public host. */
function PublicSignupRedirect() {
  useEffect(() => window.location.replace(publicUrl("/signup")), []);
  return <PageSpinner />;
}

/** Routes of a tenant host (<subdomain>.localhost:8000). */
export default function TenantSite() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/accept-invite" element={<AcceptInvitePage />} />
        <Route path="/signup" element={<PublicSignupRedirect />} />
        <Route element={<RequireAuth />}>
          <Route element={<AppShell />}>
            <Route index element={<DashboardPage />} />
            <Route path="app" element={<Navigate to="/" replace />} />
            <Route path="app/members" element={<MembersPage />} />
            <Route path="app/members/:id" element={<MemberPage />} />
            <Route path="app/loyalty" element={<LoyaltyPage />} />
            <Route path="app/cashier" element={<CashierPage />} />
            <Route path="app/orders" element={<OrdersPage />} />
            <Route path="app/catalog" element={<CatalogPage />} />
            <Route path="app/inventory" element={<InventoryPage />} />
            <Route path="app/expenses" element={<ExpensesPage />} />
            <Route path="app/staff" element={<StaffPage />} />
            <Route path="app/settings" element={<SettingsPage />} />
            <Route path="app/billing" element={<BillingPage />} />
            <Route path="app/*" element={<NotFound />} />
          </Route>
        </Route>
        <Route
          path="*"
          element={
            <div className="hy-auth-page">
              <NotFound />
            </div>
          }
        />
      </Routes>
    </SessionProvider>
  );
}
