// Peer for bench/static.bench.ts: Fastify with @fastify/static (files from STATIC_ROOT).
import Fastify from "fastify";
import fastifyStatic from "@fastify/static";

const app = Fastify({ logger: false });
await app.register(fastifyStatic, { root: process.env.STATIC_ROOT });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
