// The Date header, cached: re-formatted only when the clock's second changes.
// The core has no clock (it imports nothing); hosts call setClock() with Unix
// seconds, at most once per second (a timer) or per request — both are cheap.
//
// Cached line (37 bytes): "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n" (RFC 9110 IMF-fixdate)

import { writeAscii, writePadded } from "../util/bytes";

export const DATE_LINE_LENGTH: u32 = 37;

const line = memory.data(DATE_LINE_LENGTH);
let cachedSeconds: i64 = -1;

// "Thu" first: 1970-01-01 was a Thursday.
const WEEKDAYS = "ThuFriSatSunMonTueWed";
const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

function copy3(dst: usize, table: string, index: u32): void {
  const src = changetype<usize>(table) + (<usize>index * 6);
  store<u8>(dst, <u8>load<u16>(src));
  store<u8>(dst + 1, <u8>load<u16>(src, 2));
  store<u8>(dst + 2, <u8>load<u16>(src, 4));
}

/** Format `seconds` (Unix time, ≥ 0) into the cached line, if it changed. */
export function setClock(seconds: i64): void {
  if (seconds == cachedSeconds || seconds < 0) return;
  cachedSeconds = seconds;
  const days = <i32>(seconds / 86400);
  const secOfDay = <u32>(seconds % 86400);

  // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible
  // low-level date algorithms").
  const z = days + 719468;
  const era = z / 146097;
  const doe = <u32>(z - era * 146097);
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const day = doy - (153 * mp + 2) / 5 + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = <u32>(<i32>yoe + era * 400) + (month <= 2 ? 1 : 0);

  let p = line;
  p += writeAscii(p, "Date: ");
  copy3(p, WEEKDAYS, <u32>(days % 7)); p += 3;
  p += writeAscii(p, ", ");
  writePadded(p, day, 2); p += 2;
  store<u8>(p++, 0x20);
  copy3(p, MONTHS, month - 1); p += 3;
  store<u8>(p++, 0x20);
  writePadded(p, year, 4); p += 4;
  store<u8>(p++, 0x20);
  writePadded(p, secOfDay / 3600, 2); p += 2;
  store<u8>(p++, 0x3a);
  writePadded(p, secOfDay / 60 % 60, 2); p += 2;
  store<u8>(p++, 0x3a);
  writePadded(p, secOfDay % 60, 2); p += 2;
  writeAscii(p, " GMT\r\n");
}
setClock(0);

/** Copy the cached Date line to dst; returns DATE_LINE_LENGTH. */
export function writeDateLine(dst: usize): u32 {
  memory.copy(dst, line, DATE_LINE_LENGTH);
  return DATE_LINE_LENGTH;
}
