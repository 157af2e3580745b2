// asedge's reference app on the Deno host (asedge/deno, Deno.serve), as shipped in dist/. Run with deno.
import { serve } from "../../dist/host/deno/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";

await serve(createReferenceApp(), { port: Number(Deno.env.get("PORT")), hostname: "127.0.0.1" });
