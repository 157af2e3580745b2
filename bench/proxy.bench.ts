/**
 * Proxy overhead: autocannon against a local node:http upstream directly,
 * through asedge's proxy() on the Node host, and through Hono's proxy helper
 * (hono/proxy) on @hono/node-server, and through @fastify/http-proxy on
 * Fastify; all in one run, alternating, medians.
 * Run: npx vite-node bench/proxy.bench.ts [rounds] [seconds]
 */
// @ts-expect-error -- autocannon ships no type declarations
import autocannonUntyped from "autocannon";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { Hono } from "hono";
import { proxy as honoProxy } from "hono/proxy";
import { serve as honoServe } from "@hono/node-server";
import Fastify from "fastify";
import fastifyHttpProxy from "@fastify/http-proxy";
import { serve } from "../host/index.js";
import { proxyApp } from "../host/helper/proxy/node.js";
import { runLine } from "./support.js";

const autocannon = autocannonUntyped as (o: { url: string; connections: number; duration: number }) => Promise<{ requests: { average: number }; latency: { p99: number } }>;
const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 3);
const body = JSON.stringify({ hello: "world", n: 42 });

const upstream = createServer((_req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.end(body); });
upstream.keepAliveTimeout = 60_000;
await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

const asedge = await serve(proxyApp(up), { port: 0, hostname: "127.0.0.1" });
const hono = new Hono().all("/*", (c) => honoProxy(`${up}${new URL(c.req.url).pathname}`, { headers: c.req.header() }));
const honoServer = honoServe({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((r) => setTimeout(r, 200));
const honoPort = (honoServer.address() as AddressInfo).port;

const fastify = Fastify();
await fastify.register(fastifyHttpProxy, { upstream: up });
await fastify.listen({ port: 0, host: "127.0.0.1" });
const fastifyPort = (fastify.server.address() as AddressInfo).port;

const targets: Record<string, string> = {
  direct: up, asedge: `http://127.0.0.1:${asedge.port}`, "hono/proxy": `http://127.0.0.1:${honoPort}`,
  "@fastify/http-proxy": `http://127.0.0.1:${fastifyPort}`,
};
const rps: Record<string, number[]> = {};
const p99: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, url] of Object.entries(targets)) {
    const result = await autocannon({ url: `${url}/json`, connections: 32, duration: seconds });
    (rps[name] ??= []).push(result.requests.average);
    (p99[name] ??= []).push(result.latency.p99);
  }
}
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const lines = [
  "# Proxy overhead", "",
  `${runLine()}; shared 2-core VM, noisy (other engineers' jobs ran alongside). autocannon, 32 connections, ${seconds} s per run, ${rounds} rounds, targets alternating in each round; medians.`,
  "The upstream (node:http, a 32-byte JSON body on 127.0.0.1), the proxies and autocannon all run in this one process: the figures compare the proxies with each other, not with separate-process servers.", "",
  "| target | req/s (median) | × direct | p99 ms (median) |", "|---|---|---|---|",
  ...Object.keys(targets).map((n) => `| ${n} | ${Math.round(median(rps[n]))} | ${(median(rps[n]) / median(rps.direct)).toFixed(2)} | ${median(p99[n])} |`),
  "",
];
writeFileSync(new URL("./results/proxy.md", import.meta.url), lines.join("\n"));
console.log(lines.join("\n"));
await asedge.close(); honoServer.close(); await fastify.close(); upstream.close(); process.exit(0);
