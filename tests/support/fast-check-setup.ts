// Property tests explore new random inputs on every local run; in CI they use
// one fixed seed so a submission's verdict does not depend on the draw (a
// counterexample found locally is fixed, then kept as an example test).
import fc from "fast-check";

if (process.env.CI) fc.configureGlobal({ seed: 20261122 });
