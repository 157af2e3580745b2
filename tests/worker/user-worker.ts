// A user's own Worker, importing the package by name as a user would.
// Bundled by wrangler in ./bundle.test.ts (the `workerd` export condition).
import { App } from "asedge/worker";

interface Env {
  GREETING: string;
}

const app = new App<Env>().get("/hello/:name", (c) => c.text(`${c.env.GREETING}, ${c.req.param("name")}!`));

export default app;
