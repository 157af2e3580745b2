/** A mistake in how asedge was invoked: one line, a pointer to --help, exit 2. */
export class UsageError extends Error {}
