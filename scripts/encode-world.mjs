// Encode the WIT world of asedge's wasi:http apps (wit/world.wit, world
// asedge:app/app, with wit/deps/) once, as the component-type custom section
// of an otherwise empty module: wit/world.wasm. The component build appends
// that section to an app's core module and needs only `jco new`: `jco embed`
// reads the WIT through preview2-shim's filesystem, which preview2-shim 0.26
// (what jco 1.35 installs) no longer opens, so it fails on users' machines.
// Here it runs with preview2-shim 0.25 (package.json overrides).
//
//   node scripts/encode-world.mjs        (npm run build)
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importPeer } from "./peers.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const WORLD_FILE = join(ROOT, "wit/world.wasm");
export const WORLD_NAME = "asedge:app/app";
export const EMPTY_MODULE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { componentEmbed } = await importPeer("@bytecodealliance/jco");
  writeFileSync(WORLD_FILE, await componentEmbed({ binary: EMPTY_MODULE, witPath: join(ROOT, "wit"), world: WORLD_NAME }));
}
