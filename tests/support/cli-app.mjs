// An app module for the CLI test: `asedge serve tests/support/cli-app.mjs`.
import { App } from "../../dist/host/index.js";

export default new App().get("/hi", (c) => c.text("hi from an entry module"));
