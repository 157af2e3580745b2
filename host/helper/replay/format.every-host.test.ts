// The format on every host: a recording file's bytes made here (Node) are
// loaded, CRC-checked and looked up by app.request, a Node socket and workerd.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import { ERR_RECORDING_CRC } from "./format.js";
import { openRecording } from "./file.js";
import { BINARY, fp, mixed } from "./exchanges.fixture.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let hosts: EveryHost;
let bytes: Uint8Array;
beforeAll(async () => {
  hosts = await everyHost("host/helper/replay/format.fixture.ts");
  const dir = mkdtempSync(join(tmpdir(), "asedge-recording-"));
  const file = openRecording(join(dir, "r.asrr"), { create: true });
  for (const x of mixed()) file.append(x);
  file.append({ ...mixed()[0], occurrence: 2 });
  file.close();
  bytes = readFileSync(join(dir, "r.asrr"));
  rmSync(dir, { recursive: true });
});
afterAll(() => hosts.close());

describe("a recording loaded from bytes, on every host", () => {
  it("finds binary exchanges and answers with their bytes", async () => {
    const answers = await hosts.ask({ method: "POST", path: `/lookup/${fp(2)}/0`, body: bytes });
    for (const [host, shape] of Object.entries(answers)) {
      expect(shape.status, host).toBe(201);
      expect(new Uint8Array(shape.body), host).toEqual(BINARY.slice(0, 300));
      const header = (name: string) => shape.headers.find(([n]) => n === name)?.[1];
      expect([header("x-size"), header("x-torn"), header("x-count"), header("x-method"), header("x-url"), header("x-request-body")], host)
        .toEqual(["6", "0", "1", "POST", "/upload", "512"]);
      expect(header("x-response-headers"), host).toBe('[["content-type","image/png"]]');
    }
  });

  it("keeps sessions and occurrences apart; a torn tail is left out", async () => {
    const torn = bytes.subarray(0, bytes.length - 3);
    const answers = await hosts.ask({ method: "POST", path: `/lookup/${fp(1)}/1`, body: torn });
    for (const [host, shape] of Object.entries(answers)) {
      expect(shape.status, host).toBe(200);
      expect(shape.body.toString(), host).toBe('{"items":[]}');
      const header = (name: string) => shape.headers.find(([n]) => n === name)?.[1];
      expect([header("x-size"), header("x-torn"), header("x-count")], host).toEqual(["5", "1", "2"]);
    }
    const alice = await hosts.ask({ method: "POST", path: `/lookup/${fp(1)}/1`, body: bytes, headers: [["X-Session", "alice"]] });
    for (const [host, shape] of Object.entries(alice)) expect([shape.status, shape.headers.find(([n]) => n === "x-count")?.[1]], host).toEqual([404, "1"]);
  });

  it("a damaged entry fails its CRC with the same message everywhere", async () => {
    const damaged = new Uint8Array(bytes);
    damaged[damaged.length - 20] ^= 0x01;
    const answers = await hosts.ask({ method: "POST", path: `/lookup/${fp(1)}/0`, body: damaged });
    for (const [host, shape] of Object.entries(answers)) {
      expect(shape.status, host).toBe(500);
      expect(shape.body.toString(), host).toMatch(new RegExp(`^${ERR_RECORDING_CRC.replace(/[()]/g, "\\$&")}: the entry at offset \\d+`));
    }
  });
});
