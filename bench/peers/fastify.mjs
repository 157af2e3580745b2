// Peer: Fastify serving the reference app's benchmark routes.
import Fastify from "fastify";

const HELLO = "Hello, World!";
const app = Fastify({ logger: false });
app.get("/plaintext", (req, reply) => { reply.type("text/plain; charset=UTF-8").send(HELLO); });
app.get("/json", (req, reply) => { reply.send({ message: HELLO }); });
app.get("/users/:id", (req, reply) => { reply.send({ id: req.params.id, name: `user-${req.params.id}` }); });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
