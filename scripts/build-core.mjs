// Compile the core (asconfig.json: release, then debug) as `asc --config
// asconfig.json --target <t>` does, without asc's "Last converge was
// suboptimal." note: with `converge`, asc optimizes until the binary stops
// shrinking and says so when the last round grew it by a few bytes; that is
// expected, not something to act on, and it was the only output of a build.
//
//   node scripts/build-core.mjs
import asc from "assemblyscript/asc";

const CONVERGE_NOTE = /^Last converge was suboptimal\.\r?\n/m;

for (const target of ["release", "debug"]) {
  let text = "";
  const stderr = { write(chunk) { text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(); return true; } };
  const { error } = await asc.main(["--config", "asconfig.json", "--target", target], { stdout: process.stdout, stderr });
  process.stderr.write(text.replace(CONVERGE_NOTE, ""));
  if (error) {
    process.exitCode = 1;
    break;
  }
}
