// The benchmark's peer: the reference app's hot routes written in Hono, as a
// Worker on the same workerd (bench/worker.bench.ts).
import { Hono } from "hono";

const HELLO = "Hello, World!";
const app = new Hono();

app.get("/plaintext", (c) => c.text(HELLO));
app.get("/json", (c) => c.json({ message: HELLO }));
app.get("/users/:id", (c) => {
  const id = c.req.param("id");
  return c.json({ id, name: `user-${id}` });
});

export default app;
