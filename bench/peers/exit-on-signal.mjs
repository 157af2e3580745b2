// Preloaded into a profiled server (bench/profile-runtime.ts): SIGTERM
// exits the process normally, so the runtime writes its CPU profile.
process.on("SIGTERM", () => process.exit(0));
