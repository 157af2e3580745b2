// The Cloudflare Worker entry (wrangler.jsonc "main"): `npm run dev:worker`
// serves it locally, `npm run deploy` deploys it. app.fetch is bound, so the
// App is a valid ES-module Worker as it is.
import app from "./app.js";

export default app;
