// /metrics with workers: 2: the sum over both workers, gathered over cluster
// IPC; a stopped worker is reported missing within the timeout. Real
// processes (tests/support/metrics-cluster-app.mjs), requests on keep-alive
// connections whose worker is known from /pid.
import { afterEach, describe, expect, it } from "vitest";
import net from "node:net";
import { fileURLToPath } from "node:url";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { parseResponses, rawRequest, type RawResponse } from "../support/raw-http.js";
import { startChild, type Child } from "../support/child.js";

const APP = fileURLToPath(new URL("../support/metrics-cluster-app.mjs", import.meta.url));

/** One keep-alive connection, one request at a time. */
class Client {
  pid = 0;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: ((response: RawResponse) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (data) => {
      this.buffered = Buffer.concat([this.buffered, data]);
      const { responses, rest } = parseResponses(this.buffered);
      this.buffered = rest;
      if (responses.length) {
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting?.(responses[0]);
      }
    });
  }

  static async open(port: number): Promise<Client> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(s));
      s.once("error", reject);
    });
    const client = new Client(socket);
    client.pid = Number((await client.get("/pid")).body.toString());
    return client;
  }

  get(path: string, headers: [string, string][] = []): Promise<RawResponse> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(rawRequest("GET", path, headers));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The value of the sample `name{labels}` (labels as written, in order), or undefined. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

let app: Child | undefined;
let clients: Client[] = [];
const stopped: number[] = [];

afterEach(async () => {
  for (const pid of stopped.splice(0)) process.kill(pid, "SIGCONT");
  for (const client of clients) client.close();
  clients = [];
  if (app) {
    app.process.stdin.write("close\n");
    await app.exited;
    app = undefined;
  }
});

/** The cluster, and keep-alive connections until each of its 2 workers holds at least `perWorker`. */
async function cluster(perWorker: number, env: Record<string, string> = {}): Promise<{ port: number; byPid: Map<number, Client[]> }> {
  app = startChild(APP, env);
  const port = Number((await app.waitFor(/listening on (\d+)/))[1]);
  const byPid = new Map<number, Client[]>();
  while (byPid.size < 2 || [...byPid.values()].some((list) => list.length < perWorker)) {
    expect(clients.length).toBeLessThan(40);
    const client = await Client.open(port);
    clients.push(client);
    byPid.set(client.pid, [...(byPid.get(client.pid) ?? []), client]);
  }
  return { port, byPid };
}

describe("/metrics with workers: 2", () => {
  it("answers the sum over both workers, on either worker, and parses as Prometheus text", async () => {
    const { byPid } = await cluster(2);
    const [a, b] = [...byPid.values()];
    // Requests spread over the workers: 7 per connection on a's, 3 per connection on b's, plus each connection's first /pid.
    for (const client of a) for (let i = 0; i < 7; i++) await client.get("/pid");
    for (const client of b) for (let i = 0; i < 3; i++) await client.get("/pid");
    const sent = clients.length + 7 * a.length + 3 * b.length;
    const pidRequests = 'method="GET",route="/pid",status="2xx"';

    const own = [(await a[0].get("/metrics/own")).body.toString(), (await b[0].get("/metrics/own")).body.toString()];
    const ownCounts = own.map((text) => sample(text, "asedge_http_requests_total", pidRequests)!);
    expect(ownCounts[0] + ownCounts[1]).toBe(sent);
    expect(ownCounts[0]).toBeGreaterThan(0);
    expect(ownCounts[1]).toBeGreaterThan(0);
    expect(own[0]).not.toContain("asedge_cluster_workers");

    for (const asked of [a[0], b[0]]) {
      const answer = await asked.get("/metrics");
      expect(answer.status).toBe(200);
      const text = answer.body.toString();
      expect(sample(text, "asedge_http_requests_total", pidRequests)).toBe(sent);
      expect(sample(text, "asedge_http_request_duration_seconds_count", 'route="/pid"')).toBe(sent);
      expect(sample(text, "asedge_http_request_duration_seconds_bucket", 'route="/pid",le="+Inf"')).toBe(sent);
      expect(sample(text, "asedge_cluster_workers", 'state="answered"')).toBe(2);
      expect(sample(text, "asedge_cluster_workers", 'state="missing"')).toBe(0);
      expect(sample(text, "asedge_cluster_worker_answered", 'worker="1"')).toBe(1);
      expect(sample(text, "asedge_cluster_worker_answered", 'worker="2"')).toBe(1);
      // Gauges add up over the workers: every client connection is open on one of them.
      expect(sample(text, "asedge_connections")).toBe(clients.length);
      expect(sample(text, "asedge_connections_accepted_total")).toBe(clients.length);
      // Each worker has one slot in use (the /metrics request being answered, or the collect read while idle: 0).
      expect(sample(text, "asedge_pool_slots_in_use")).toBeLessThanOrEqual(2);
      const families = new Map((parsePrometheusTextFormat(text) as { name: string; type: string }[]).map((f) => [f.name, f.type]));
      expect(families.get("asedge_cluster_workers")).toBe("GAUGE");
      expect(families.get("asedge_http_request_duration_seconds")).toBe("HISTOGRAM");
    }
  });

  it("merges the latency histograms bucket by bucket", async () => {
    const { byPid } = await cluster(1);
    for (const list of byPid.values()) for (let i = 0; i < 5; i++) await list[0].get("/pid");
    const [a, b] = [...byPid.values()].map((list) => list[0]);
    const buckets = (text: string) => text.split("\n").filter((l) => l.startsWith('asedge_http_request_duration_seconds_bucket{route="/pid"'))
      .map((l) => Number(l.slice(l.lastIndexOf(" ") + 1)));
    const ownA = buckets((await a.get("/metrics/own")).body.toString());
    const ownB = buckets((await b.get("/metrics/own")).body.toString());
    const sum = buckets((await a.get("/metrics")).body.toString());
    expect(sum).toHaveLength(54);
    expect(sum).toEqual(ownA.map((n, i) => n + ownB[i]));
  });

  it("answers OpenMetrics with the cluster gauges and no free comments", async () => {
    const { byPid } = await cluster(1);
    const text = (await [...byPid.values()][0][0].get("/metrics", [["Accept", "application/openmetrics-text; version=1.0.0"]])).body.toString();
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(text).toContain('\nasedge_cluster_workers{state="answered"} 2\n');
    expect(text.split("\n").filter((l) => l.startsWith("#") && !/^# (HELP|TYPE|UNIT|EOF)( |$)/.test(l))).toEqual([]);
  });

  it("reports a stopped worker missing, within the timeout, and counts it again once it answers", async () => {
    const { byPid } = await cluster(1, { TIMEOUT: "400" });
    const [[victimPid, [victim, ...victimRest]], [, askedClients]] = [...byPid.entries()];
    const asked = askedClients[0];
    for (let i = 0; i < 4; i++) await victim.get("/pid");
    const victimRequests = 5 + victimRest.length; // with each connection's first /pid
    process.kill(victimPid, "SIGSTOP");
    stopped.push(victimPid);
    const startedAt = Date.now();
    const text = (await asked.get("/metrics")).body.toString();
    const took = Date.now() - startedAt;
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(1400);
    expect(sample(text, "asedge_cluster_workers", 'state="answered"')).toBe(1);
    expect(sample(text, "asedge_cluster_workers", 'state="missing"')).toBe(1);
    const missing = text.split("\n").filter((l) => l.startsWith("# worker"));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(new RegExp(`^# worker [12] \\(pid ${victimPid}\\) did not answer within 400 ms: its figures are not in these sums$`));
    const slot = /^# worker (\d)/.exec(missing[0])![1];
    expect(sample(text, "asedge_cluster_worker_answered", `worker="${slot}"`)).toBe(0);
    // Only the asked worker's /pid requests are in the sum.
    expect(sample(text, "asedge_http_requests_total", 'method="GET",route="/pid",status="2xx"')).toBe(askedClients.length);

    process.kill(victimPid, "SIGCONT");
    stopped.pop();
    const again = (await asked.get("/metrics")).body.toString();
    expect(sample(again, "asedge_cluster_workers", 'state="missing"')).toBe(0);
    expect(sample(again, "asedge_http_requests_total", 'method="GET",route="/pid",status="2xx"')).toBe(askedClients.length + victimRequests);
  });
});
