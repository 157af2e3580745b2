/** Percent-decoding the way Hono does it: never throws on bad input. */

/** decodeURIComponent, leaving undecodable %xx sequences as they are. */
export function tryDecodeURIComponent(text: string): string {
  if (text.indexOf("%") === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** A query-string component: '+' is a space, then percent-decoding. */
export function decodeQueryComponent(text: string): string {
  return tryDecodeURIComponent(text.indexOf("+") === -1 ? text : text.replace(/\+/g, " "));
}
