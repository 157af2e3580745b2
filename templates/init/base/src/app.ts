// Your app: routes and handlers. `npm start` serves it (asedge serve src/app.ts).
import { App } from "asedge";

const app = new App()
  .get("/", (c) => c.text("Hello from asedge!"))
  .get("/users/:id", (c) => c.json({ id: c.req.param("id") }));

export default app;
