/**
 * A trap of the WASM core (out-of-bounds access, `unreachable`, a failed
 * memory grow inside it) is not an application error: the instance's state
 * may be corrupt, so no error handler answers it and no later request may use
 * that instance. It propagates to the host, which answers 500, replaces the
 * core (a fresh instance with the app's routes) and keeps serving.
 */
export function isCoreTrap(error: unknown): error is WebAssembly.RuntimeError {
  return error instanceof WebAssembly.RuntimeError;
}

/** In a catch block meant for application errors: let a core trap through. */
export function rethrowCoreTrap(error: unknown): void {
  if (error instanceof WebAssembly.RuntimeError) throw error;
}
