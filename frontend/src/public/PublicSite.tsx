import { Route, Routes } from "react-router-dom";
import { NotFound } from "../components/NotFound";
import { LandingPage } from "./LandingPage";
import { PublicLayout } from "./PublicLayout";
import { ShopLoginPage } from "./ShopLoginPage";
import { SignupPage } from "./SignupPage";

/** Routes of the public host (localhost:8000). */
export default function PublicSite() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="signup" element={<SignupPage />} />
        <Route path="login" element={<ShopLoginPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
