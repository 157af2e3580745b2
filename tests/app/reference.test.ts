// The reference app's answers byte for byte where the conformance list cannot
// see (it compares lower-cased header names as a set): header order and case
// on the Node host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { exchange, rawRequest } from "../support/raw-http.js";

let server: Server;
beforeAll(async () => {
  server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
});
afterAll(() => server.close());

/** Header names of the one response to `request`, as sent (case and order). */
async function headerNames(request: Buffer): Promise<string[]> {
  const { raw } = await exchange(server.port, [request]);
  const head = raw.toString("latin1", 0, raw.indexOf("\r\n\r\n"));
  return head.split("\r\n").slice(1).map((line) => line.slice(0, line.indexOf(":")));
}

describe("reference app response heads on the Node host", () => {
  it("/json/canonical sends Content-Type first, as /json and every other route does", async () => {
    const json = await headerNames(rawRequest("GET", "/json"));
    expect(json).toEqual(["Date", "Content-Type", "Content-Length"]);
    expect(await headerNames(rawRequest("POST", "/json/canonical", [], "[1, 2]"))).toEqual(json);
  });
});
