import { Route, Routes } from "react-router-dom";
import { NotFound } from "../components/NotFound";
import { LandingPage } from "./LandingPage";
import { PublicLayout } from "./PublicLayout";
import { ShopLoginPage } from "./ShopLoginPage";
import { SignupPage } from "./SignupPage";
import { VendorConsole } from "../vendor";

/** Routes of the public host (localhost:8000). */
export default function PublicSite() {
  return (
    <Routes>
      <Route path="vendor/*" element={<VendorConsole />} />
      <Route element={<PublicLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="signup" element={<SignupPage />} />
        <Route path="login" element={<ShopLoginPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
