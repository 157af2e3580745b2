// `npm test`: node:test, in process: app.request() answers without a socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import app from "./app.js";

test("GET / says hello", async () => {
  const res = await app.request("/");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "Hello from asedge!");
});

test("GET /users/:id answers JSON", async () => {
  const res = await app.request("/users/42");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { id: "42" });
});
