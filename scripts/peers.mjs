// The compilers behind `asedge build`, assemblyscript and
// @bytecodealliance/jco, are optional peer dependencies: apps with
// TypeScript handlers need neither (jco alone installs ~370 MB). They are
// imported from the user's node_modules when a build needs them.

export const PEERS_INSTALL = "npm i -D assemblyscript@0.27.37 @bytecodealliance/jco@1.35.0";

/** `import(specifier)`, or an error saying how to install its package when it is missing. */
export async function importPeer(specifier) {
  const name = specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
  try {
    return await import(specifier);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !error.message.includes(`'${name}'`)) throw error;
    throw new Error(`building AssemblyScript apps needs ${name} (an optional peer dependency of asedge): ${PEERS_INSTALL}`);
  }
}
