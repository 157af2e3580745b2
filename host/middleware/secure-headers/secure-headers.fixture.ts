// The app host/middleware/secure-headers/secure-headers.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { NONCE, secureHeaders } from "./index.js";

export default (app: App) => app
  .use("/default/*", secureHeaders())
  .use("/csp/*", secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'", NONCE], imgSrc: "data:" },
    xFrameOptions: "DENY", strictTransportSecurity: false, crossOriginEmbedderPolicy: true,
    permissionsPolicy: { camera: [], geolocation: ["self", "https://maps.example"], fullscreen: true },
  }))
  .get("/default/page", (c) => c.text("page", 200, { "X-Frame-Options": "ALLOW-FROM https://mine.example", "X-Powered-By": "me" }))
  .get("/csp/page", (c) => c.html(`<script nonce="${String(c.get("secureHeadersNonce"))}"></script>`));
