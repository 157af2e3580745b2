// Fastify + @fastify/compress (its defaults: br > gzip > deflate, threshold 1024, brotli quality 4) serving the 16 KB JSON body.
import Fastify from "fastify";
import fastifyCompress from "@fastify/compress";
import { RECORDS } from "./compress-body.mjs";

const app = Fastify({ logger: false });
await app.register(fastifyCompress, { global: true });
app.get("/json", (req, reply) => { reply.send(RECORDS); });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
