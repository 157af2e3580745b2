// The app host/app/form.test.ts runs on every host.
import type { App } from "./app.js";
import type { BodyValue } from "./form.js";

/** A JSON view of a parsed value: files as {file, type, size, text}. */
async function show(value: unknown): Promise<unknown> {
  if (value instanceof File) return { file: value.name, type: value.type, size: value.size, text: await value.text() };
  if (Array.isArray(value)) return Promise.all(value.map(show));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await show(v);
    return out;
  }
  return value;
}

export default (app: App) => app
  .post("/body", async (c) => c.json(await show(await c.req.parseBody())))
  .post("/body/all", async (c) => c.json(await show(await c.req.parseBody({ all: true }))))
  .post("/body/dot", async (c) => c.json(await show(await c.req.parseBody({ dot: true }))))
  .post("/form", async (c) => {
    const form = await c.req.formData();
    const entries: [string, unknown][] = [];
    const values: [string, BodyValue][] = [];
    form.forEach((value, name) => { values.push([name, value]); });
    for (const [name, value] of values) entries.push([name, await show(value)]);
    return c.json(entries);
  })
  .post("/limited", async (c) => c.json(await show(await c.req.parseBody({ maxParts: 3, maxFieldBytes: 8, maxFileBytes: 4 }))))
  .post("/twice", async (c) => {
    const first = await c.req.parseBody();
    const second = await c.req.parseBody({ all: true });
    return c.json({ first: await show(first), second: await show(second), text: (await c.req.text()).length });
  });
