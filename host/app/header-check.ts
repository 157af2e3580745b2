/**
 * The rules a response header set by an app must pass, in one place
 * (c.header, HeaderDefaults): a name is an RFC 9110 token, a value holds
 * only HTAB, visible ASCII, SP and Latin-1 (what Node's http accepts).
 */
export const ERR_HEADER_NAME = "asedge: invalid header name";
export const ERR_HEADER_VALUE = "asedge: invalid header value (only HTAB, visible ASCII, SP and Latin-1 are allowed)";

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Names that passed TOKEN, with their lower-case form: most are literals set
 * on every request, so each is checked and lower-cased once (up to a bound:
 * names made per request must not grow it without end).
 */
const checkedNames = new Map<string, string>();
const MOST_CHECKED_NAMES = 1024;

/** `name` in lower case; throws a TypeError (ERR_HEADER_NAME) when it is not a token. */
export function checkedHeaderName(name: string): string {
  const known = checkedNames.get(name);
  if (known !== undefined) return known;
  if (!TOKEN.test(name)) throw new TypeError(`${ERR_HEADER_NAME}: ${JSON.stringify(name)}`);
  const lower = name.toLowerCase();
  if (checkedNames.size < MOST_CHECKED_NAMES) checkedNames.set(name, lower);
  return lower;
}

/** Throws a TypeError (ERR_HEADER_VALUE, naming the header) when `value` holds a byte a header may not. */
export function checkHeaderValue(name: string, value: string): void {
  if (BAD_VALUE.test(value)) throw new TypeError(`${ERR_HEADER_VALUE}: ${name}`);
}
