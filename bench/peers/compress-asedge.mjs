// asedge + asedge/middleware/compress serving the 16 KB JSON body (built dist/).
import { App, serve } from "../../dist/host/index.js";
import { compress } from "../../dist/host/middleware/compress/index.js";
import { RECORDS } from "./compress-body.mjs";

const app = new App().use(compress()).get("/json", (c) => c.json(RECORDS));
await serve(app, { port: Number(process.env.PORT), hostname: "127.0.0.1" });
