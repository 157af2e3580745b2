// Regex-constrained params (`:id{[0-9]+}`) compiled at registration into a
// tiny backtracking program and run on path bytes: no JS RegExp per request.
//
// Supported (the subset route tables use): literals, `.`, classes `[a-z0-9_]`
// `[^/]` `[^]`, escapes \d \D \w \W \s \S \n \t \r \f \v \0 and punctuation,
// groups `(…)` `(?:…)` (captures are not reported: only the whole match
// counts, as in Hono), alternation `|`, greedy and lazy `? * + {m} {m,} {m,n}`,
// anchors `^ $`. Rejected with UNSUPPORTED_REGEX: lookaround, backreferences,
// \b \B \u \x \c \p \k, non-ASCII inside a class. Matching is bytewise: a
// non-ASCII character counts as several bytes for {m,n}.
//
// Program: pairs of i32 words (op, arg); jump args are relative to the op.

import { RouteError } from "./errors";

const OP_CHAR: i32 = 0;        // arg: byte
const OP_ANY: i32 = 1;         // '.': any byte but \n and \r
const OP_CLASS: i32 = 2;       // arg: word index of a 256-bit set in `classes`
const OP_SPLIT: i32 = 3;       // try next first, then pc+arg
const OP_SPLIT_JUMP: i32 = 4;  // try pc+arg first, then next
const OP_JMP: i32 = 5;         // pc += arg
const OP_BOL: i32 = 6;         // at the start of the input
const OP_EOL: i32 = 7;         // at the end of the input
const OP_SAVE: i32 = 8;        // the match ends here (before a lookahead)
const OP_MATCH_END: i32 = 9;   // success if at the end of the input
const OP_MATCH: i32 = 10;      // success; the match ended at the last SAVE

const MAX_PROGRAM_WORDS: i32 = 8192;
const MAX_REPEAT: i32 = 1000;

/** A compiled param constraint. */
export class Regex {
  constructor(
    public code: StaticArray<i32>,
    public classes: StaticArray<u32>,
  ) {}
}

// ── Compiler (start-up only: allocates freely) ───────────────────────────────

class Compiler {
  pos: u32 = 0;
  error: i32 = 0;
  classes: Array<u32> = [];
  constructor(public src: usize, public len: u32) {}

  @inline peek(): i32 { return this.pos < this.len ? <i32>load<u8>(this.src + this.pos) : -1; }
  @inline at(i: u32): i32 { return i < this.len ? <i32>load<u8>(this.src + i) : -1; }

  fail(code: RouteError): Array<i32> {
    if (!this.error) this.error = code;
    return [];
  }

  alternation(): Array<i32> {
    let left = this.sequence();
    while (!this.error && this.peek() == 0x7c /* | */) {
      this.pos++;
      const right = this.sequence();
      // SPLIT → left; JMP over right; right
      const out: Array<i32> = [OP_SPLIT, left.length + 4];
      appendAll(out, left);
      out.push(OP_JMP); out.push(right.length + 2);
      appendAll(out, right);
      left = out;
    }
    return left;
  }

  sequence(): Array<i32> {
    const out: Array<i32> = [];
    while (!this.error) {
      const c = this.peek();
      if (c < 0 || c == 0x7c || c == 0x29 /* ) */) break;
      const quantifiable = c != 0x5e && c != 0x24; // ^ $
      const atom = this.atom();
      if (this.error) break;
      const q = this.quantifier();
      if (q.present) {
        if (!quantifiable) return this.fail(RouteError.BAD_REGEX);
        appendAll(out, repeat(atom, q.min, q.max, q.lazy));
      } else {
        appendAll(out, atom);
      }
      if (out.length > MAX_PROGRAM_WORDS) return this.fail(RouteError.UNSUPPORTED_REGEX);
    }
    return out;
  }

  atom(): Array<i32> {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case 0x28: return this.group();                     // (
      case 0x5b: return this.charClass();                 // [
      case 0x2e: return [OP_ANY, 0];                      // .
      case 0x5e: return [OP_BOL, 0];                      // ^
      case 0x24: return [OP_EOL, 0];                      // $
      case 0x5c: return this.escape();                    // \
      case 0x2a: case 0x2b: case 0x3f:                    // * + ? with nothing to repeat
        return this.fail(RouteError.BAD_REGEX);
      case 0x7b: {                                        // { is literal unless a quantifier
        this.pos--;
        if (this.quantifier().present) return this.fail(RouteError.BAD_REGEX);
        this.pos++;
        return [OP_CHAR, c];
      }
    }
    if (c < 0x80) return [OP_CHAR, c];
    // A non-ASCII character is one atom of its UTF-8 bytes.
    const out: Array<i32> = [OP_CHAR, c];
    while ((this.peek() & 0xc0) == 0x80) { out.push(OP_CHAR); out.push(this.peek()); this.pos++; }
    return out;
  }

  group(): Array<i32> {
    if (this.peek() == 0x3f /* ? */) {
      if (this.at(this.pos + 1) != 0x3a /* : */) return this.fail(RouteError.UNSUPPORTED_REGEX);
      this.pos += 2;
    }
    const inner = this.alternation();
    if (this.error) return inner;
    if (this.peek() != 0x29) return this.fail(RouteError.BAD_REGEX);
    this.pos++;
    return inner;
  }

  escape(): Array<i32> {
    const c = this.peek();
    if (c < 0) return this.fail(RouteError.BAD_REGEX);
    this.pos++;
    const set = this.escapeSet(c);
    if (set >= 0) return [OP_CLASS, set];
    const ch = this.escapeChar(c, false);
    if (ch < 0) return this.fail(RouteError.UNSUPPORTED_REGEX);
    return [OP_CHAR, ch];
  }

  /** \d \D \w \W \s \S as a new class (word index), or -1. */
  escapeSet(c: i32): i32 {
    const lower = c | 0x20;
    if (lower != 0x64 && lower != 0x77 && lower != 0x73) return -1;
    const set = this.newClass();
    addEscapeSet(this.classes, set, lower);
    if (c != lower) invertClass(this.classes, set);
    return set;
  }

  /** The byte an identity/control escape stands for, or -1 if unsupported. */
  escapeChar(c: i32, inClass: bool): i32 {
    switch (c) {
      case 0x6e: return 0x0a; // n
      case 0x74: return 0x09; // t
      case 0x72: return 0x0d; // r
      case 0x66: return 0x0c; // f
      case 0x76: return 0x0b; // v
      case 0x30: return 0x00; // 0
      case 0x62: return inClass ? 0x08 : -1; // \b: backspace in a class, else a word boundary
    }
    if (c >= 0x80) return -1;
    if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return -1; // \1 \u \x \c \p \k \B…
    return c;
  }

  newClass(): i32 {
    const at = this.classes.length;
    for (let i = 0; i < 8; i++) this.classes.push(0);
    return at;
  }

  charClass(): Array<i32> {
    const set = this.newClass();
    let negate = false;
    if (this.peek() == 0x5e) { negate = true; this.pos++; }
    while (true) {
      let c = this.peek();
      if (c < 0) return this.fail(RouteError.BAD_REGEX);
      if (c == 0x5d /* ] */) { this.pos++; break; }
      const lo = this.classAtom(set);
      if (this.error) return [];
      if (this.peek() == 0x2d /* - */ && this.at(this.pos + 1) != 0x5d && this.at(this.pos + 1) >= 0) {
        this.pos++;
        const hi = this.classAtom(set);
        if (this.error) return [];
        if (lo < 0 || hi < 0) return this.fail(RouteError.UNSUPPORTED_REGEX);
        if (lo > hi) return this.fail(RouteError.BAD_REGEX);
        for (let b = lo; b <= hi; b++) setBit(this.classes, set, b);
      } else if (lo >= 0) {
        setBit(this.classes, set, lo);
      }
    }
    if (negate) invertClass(this.classes, set);
    return [OP_CLASS, set];
  }

  /** One class member: its byte, or -1 after adding an escape set to `set`. */
  classAtom(set: i32): i32 {
    const c = this.peek();
    this.pos++;
    if (c >= 0x80) { this.fail(RouteError.UNSUPPORTED_REGEX); return -1; }
    if (c != 0x5c) return c;
    const e = this.peek();
    if (e < 0) { this.fail(RouteError.BAD_REGEX); return -1; }
    this.pos++;
    const lower = e | 0x20;
    if (lower == 0x64 || lower == 0x77 || lower == 0x73) {
      const tmp = this.newClass();
      addEscapeSet(this.classes, tmp, lower);
      if (e != lower) invertClass(this.classes, tmp);
      for (let i = 0; i < 8; i++) this.classes[set + i] |= this.classes[tmp + i];
      return -1;
    }
    const ch = this.escapeChar(e, true);
    if (ch < 0) this.fail(RouteError.UNSUPPORTED_REGEX);
    return ch;
  }

  quantifier(): Quantifier {
    const q = new Quantifier();
    const c = this.peek();
    if (c == 0x2a) { q.min = 0; q.max = -1; }
    else if (c == 0x2b) { q.min = 1; q.max = -1; }
    else if (c == 0x3f) { q.min = 0; q.max = 1; }
    else if (c == 0x7b) {
      // {m} {m,} {m,n}; anything else is a literal '{' (no u flag).
      let i = this.pos + 1;
      const m = readInt(this, i);
      if (m.digits == 0) return q;
      i += m.digits;
      let max = m.value;
      if (this.at(i) == 0x2c) {
        i++;
        const n = readInt(this, i);
        i += n.digits;
        max = n.digits ? n.value : -1;
      }
      if (this.at(i) != 0x7d) return q;
      q.min = m.value; q.max = max;
      q.present = true;
      this.pos = i + 1;
      if (max >= 0 && max < q.min) { this.fail(RouteError.BAD_REGEX); return q; }
      if (q.min > MAX_REPEAT || max > MAX_REPEAT) { this.fail(RouteError.UNSUPPORTED_REGEX); return q; }
      if (this.peek() == 0x3f) { q.lazy = true; this.pos++; }
      return q;
    } else return q;
    q.present = true;
    this.pos++;
    if (this.peek() == 0x3f) { q.lazy = true; this.pos++; }
    return q;
  }
}

class Quantifier {
  present: bool = false;
  min: i32 = 0;
  max: i32 = 0;  // -1 = unbounded
  lazy: bool = false;
}

class IntRead { value: i32 = 0; digits: u32 = 0; }

function readInt(c: Compiler, i: u32): IntRead {
  const r = new IntRead();
  while (true) {
    const d = c.at(i + r.digits);
    if (d < 0x30 || d > 0x39) break;
    if (r.value < 100000) r.value = r.value * 10 + (d - 0x30);
    r.digits++;
  }
  return r;
}

function appendAll(out: Array<i32>, more: Array<i32>): void {
  for (let i = 0; i < more.length; i++) out.push(more[i]);
}

/** atom{min,max} (max -1 = unbounded), greedy or lazy. */
function repeat(atom: Array<i32>, min: i32, max: i32, lazy: bool): Array<i32> {
  const out: Array<i32> = [];
  if (atom.length == 0) return out;
  for (let i = 0; i < min; i++) appendAll(out, atom);
  const n = atom.length;
  if (max < 0) {
    // L: SPLIT exit; atom; JMP L; exit:
    out.push(lazy ? OP_SPLIT_JUMP : OP_SPLIT); out.push(n + 4);
    appendAll(out, atom);
    out.push(OP_JMP); out.push(-(n + 2));
    return out;
  }
  // Nested optional copies: (?:atom(?:atom)?)? — every SPLIT exits to the end.
  const copies = max - min;
  const total = copies * (n + 2);
  for (let k = 0; k < copies; k++) {
    out.push(lazy ? OP_SPLIT_JUMP : OP_SPLIT); out.push(total - k * (n + 2));
    appendAll(out, atom);
  }
  return out;
}

@inline function setBit(classes: Array<u32>, set: i32, b: i32): void {
  classes[set + (b >> 5)] |= <u32>1 << (b & 31);
}

function invertClass(classes: Array<u32>, set: i32): void {
  for (let i = 0; i < 8; i++) classes[set + i] = ~classes[set + i];
}

/** \d (0x64), \w (0x77) or \s (0x73) into `set`. */
function addEscapeSet(classes: Array<u32>, set: i32, which: i32): void {
  for (let b = 0; b < 128; b++) {
    let on = false;
    if (which == 0x64) on = b >= 0x30 && b <= 0x39;
    else if (which == 0x77) on = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f;
    else on = b == 0x20 || (b >= 0x09 && b <= 0x0d);
    if (on) setBit(classes, set, b);
  }
}

function toStatic(words: Array<i32>): StaticArray<i32> {
  const out = new StaticArray<i32>(words.length);
  for (let i = 0; i < words.length; i++) out[i] = words[i];
  return out;
}

/** The result of compileRegex: a program, or an error code. */
export class Compiled {
  regex: Regex | null = null;
  error: i32 = 0;
}

/**
 * Compile the param regex `src[0..len)`. With no lookahead the whole input
 * must match (Hono's `^re$`). With a lookahead (`nextPtr`,`nextLen`: the
 * following pattern segment, itself a regex source as in Hono's
 * `^re(?=/next)`), the match ends where `/next` begins.
 */
export function compileRegex(src: usize, len: u32, nextPtr: usize, nextLen: u32): Compiled {
  const result = new Compiled();
  const c = new Compiler(src, len);
  const main = c.alternation();
  if (!c.error && c.pos < len) c.error = RouteError.BAD_REGEX; // unmatched ')'
  const words: Array<i32> = main;
  if (nextLen) {
    words.push(OP_SAVE); words.push(0);
    words.push(OP_CHAR); words.push(0x2f);
    const n = new Compiler(nextPtr, nextLen);
    n.classes = c.classes;
    const look = n.alternation();
    if (!n.error && n.pos < nextLen) n.error = RouteError.BAD_REGEX;
    if (n.error && !c.error) c.error = n.error;
    appendAll(words, look);
    words.push(OP_MATCH); words.push(0);
  } else {
    words.push(OP_MATCH_END); words.push(0);
  }
  if (c.error) { result.error = c.error; return result; }
  const classes = new StaticArray<u32>(c.classes.length);
  for (let i = 0; i < c.classes.length; i++) classes[i] = c.classes[i];
  result.regex = new Regex(toStatic(words), classes);
  return result;
}

// ── Matcher (hot path: no allocation) ───────────────────────────────────────

// Backtrack stack: (pc, sp, saved) × MAX_BACKTRACK, in static memory.
const MAX_BACKTRACK: i32 = 512;
const MAX_STEPS: i32 = 100000;
const STACK = memory.data(MAX_BACKTRACK * 12);

/**
 * Match `re` anchored at `start` against the bytes up to `end`. Returns the
 * end offset of the match, or -1. Pathological patterns give up (-1) after
 * MAX_STEPS steps or MAX_BACKTRACK pending alternatives instead of hanging.
 */
export function regexMatch(re: Regex, base: usize, start: u32, end: u32): i32 {
  const code = changetype<usize>(re.code);
  const classes = changetype<usize>(re.classes);
  let top: i32 = 0;
  let steps: i32 = 0;
  let pc: i32 = 0;
  let sp: u32 = start;
  let saved: i32 = -1;
  while (true) {
    if (++steps > MAX_STEPS) return -1;
    // The compiler ends every program with MATCH*/and keeps jumps inside it.
    const op = load<i32>(code + (<usize>pc << 2));
    const arg = load<i32>(code + (<usize>pc << 2), 4);
    let ok = true;
    switch (op) {
      case OP_CHAR: {
        ok = sp < end && <i32>load<u8>(base + sp) == arg;
        if (ok) { sp++; pc += 2; }
        break;
      }
      case OP_ANY: {
        const b = sp < end ? load<u8>(base + sp) : 0x0a;
        ok = b != 0x0a && b != 0x0d;
        if (ok) { sp++; pc += 2; }
        break;
      }
      case OP_CLASS: {
        if (sp < end) {
          const b = <u32>load<u8>(base + sp);
          ok = ((load<u32>(classes + ((<usize>arg + (b >> 5)) << 2)) >> (b & 31)) & 1) != 0;
        } else ok = false;
        if (ok) { sp++; pc += 2; }
        break;
      }
      case OP_SPLIT: case OP_SPLIT_JUMP: {
        if (top >= MAX_BACKTRACK) return -1;
        const first = op == OP_SPLIT ? pc + 2 : pc + arg;
        const second = op == OP_SPLIT ? pc + arg : pc + 2;
        const slot = STACK + <usize>top * 12;
        store<i32>(slot, second);
        store<u32>(slot, sp, 4);
        store<i32>(slot, saved, 8);
        top++;
        pc = first;
        break;
      }
      case OP_JMP: { pc += arg; break; }
      case OP_BOL: { ok = sp == start; if (ok) pc += 2; break; }
      case OP_EOL: { ok = sp == end; if (ok) pc += 2; break; }
      case OP_SAVE: { saved = <i32>sp; pc += 2; break; }
      case OP_MATCH_END: {
        if (sp == end) return <i32>sp;
        ok = false;
        break;
      }
      default: return saved; // OP_MATCH
    }
    if (!ok) {
      if (top == 0) return -1;
      top--;
      const slot = STACK + <usize>top * 12;
      pc = load<i32>(slot);
      sp = load<u32>(slot, 4);
      saved = load<i32>(slot, 8);
    }
  }
}
