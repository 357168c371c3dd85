import { lazy } from "react";

/** The vendor console (public host, /vendor/*), in its own chunk: shops and visitors never load it. */
export const VendorConsole = lazy(() => import("./VendorConsole"));
