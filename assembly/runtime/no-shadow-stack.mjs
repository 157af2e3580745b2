// asc transform: a custom --runtime makes asc assume a tracing GC and add a
// 32 KiB shadow stack with push/pop around every call holding a reference.
// The arena runtime never collects, so that stack is pure cost (+18 KiB of
// code, slower calls): switch it off before compilation starts.
export default class NoShadowStack {
  afterParse() {
    const program = this.program; // set by asc before the hooks run
    program.options.stackSize = 0;
    program.module.useShadowStack = false;
  }
}
