// An AssemblyScript app: routes, handlers and response writing run inside the
// .wasm. `npm run build:wasm` compiles it (asedge build) into dist/app.wasm
// (served by `npm run start:wasm`) and dist/app.component.wasm (wasi:http).
import { get, Context } from "asedge/assembly/app";

function hello(c: Context): void {
  c.text("Hello from AssemblyScript!");
}

function user(c: Context): void {
  const id = c.req.param("id")!;
  c.json().beginObject().key("id").string(id).endObject();
  c.sendJson();
}

get("/", hello);
get("/users/:id", user);
