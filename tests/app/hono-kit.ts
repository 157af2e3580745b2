// Hono's own middleware, as a Hono user imports it. tests/app/hono-middleware.test.ts
// runs it from here on Node and bundles this file for workerd (as wrangler would).
export { cors } from "hono/cors";
export { etag } from "hono/etag";
export { secureHeaders } from "hono/secure-headers";
export { logger } from "hono/logger";
export { basicAuth } from "hono/basic-auth";
export { bearerAuth } from "hono/bearer-auth";
export { jwt } from "hono/jwt";
export { requestId } from "hono/request-id";
export { timing, startTime, endTime } from "hono/timing";
export { bodyLimit } from "hono/body-limit";
export { prettyJSON } from "hono/pretty-json";
export { compress } from "hono/compress";
export { poweredBy } from "hono/powered-by";
export { csrf } from "hono/csrf";
export { timeout } from "hono/timeout";
export { trimTrailingSlash } from "hono/trailing-slash";
export { contextStorage, getContext } from "hono/context-storage";
