// as-pect: AssemblyScript unit tests, beside each component
// (assembly/<part>/__tests__/*.spec.ts). Each spec compiles to its own module.
export default {
  // ASP_FILES=<glob> runs a subset (asp's own --disclude flag is broken in 8.1).
  entries: [process.env.ASP_FILES || "assembly/**/__tests__/**/*.spec.ts"],
  include: ["assembly/**/__tests__/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
