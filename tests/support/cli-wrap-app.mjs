// An app module for the CLI wrapping-flag tests (tests/node/cli-wrap.test.ts).
import { App } from "../../dist/host/index.js";

export default new App()
  .get("/hi", (c) => c.text("hi from an entry module"))
  .get("/big", (c) => c.text("x".repeat(4096)));
