// asedge's reference app on the Bun host (asedge/bun, Bun.listen), as shipped in dist/. Run with bun.
import { serve } from "../../dist/host/bun/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";

await serve(createReferenceApp(), { port: Number(process.env.PORT), hostname: "127.0.0.1" });
