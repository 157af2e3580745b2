/** What record/replay exports on every platform (./index.ts on Node, ./worker.ts on Workers add their own). */
export { ERR_REPLAY_MODE, ERR_REPLAY_READ_ONLY, ERR_REPLAY_RECORDING, type BodyDecoder, type ReplayMiddleware, type ReplayMode, type ReplayOptions,
  type ReplayStats, type ReplayStore, type WritableRecording } from "./replay.js";
export { Recording, encodeExchange, type RecordingOptions } from "./format.js";
export { toHar, toHarText, fromHar, type ToHarOptions, type HarRequest } from "./har.js";
export { requestFingerprint, fingerprintOfParts, mixFingerprints, type FingerprintOptions, type RequestParts } from "./fingerprint.js";
export { Redactor, RedactionError, type RedactOptions, type NameRule } from "./redact.js";
export { missReport, ERR_NO_RECORDED_ANSWER, type MissReport } from "./miss.js";
export type { Fingerprint, HeaderList, RecordedExchange } from "./types.js";
