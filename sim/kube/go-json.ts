// Go's encoding/json Unmarshal (Go 1.26, the toolchain the real servers are built with), for the few places where
// kube-apiserver decodes JSON held in a string and quotes the decoder's error to the client: the tolerations annotation
// of a Pod (GetTolerationsFromPodAnnotations). What a client sees is the error text, so this copies the decoder's
// behaviour, not its code: the whole input is scanned first and the first syntax error wins ("invalid character 'x'
// after object key", "unexpected end of JSON input"); then the value is decoded into a Go type, where a value of the
// wrong JSON kind is skipped, decoding goes on, and the first such error is the one returned ("json: cannot unmarshal
// number into Go struct field Toleration.Key of type string"). Object keys match struct fields exactly, else without
// regard to case; unknown keys are ignored; null leaves a string or number as it is. Sources: encoding/json's
// scanner.go (states and messages, quoteChar) and decode.go (literalStore, array, object, addErrorContext).

/** The Go types a value is decoded into; `name` is what reflect.Type.String() prints (e.g. core.TaintEffect). */
export type GoType =
  | { kind: "string"; name: string }
  | { kind: "int64"; name: string }
  | { kind: "bool"; name: string }
  | { kind: "pointer"; elem: GoType }
  | { kind: "slice"; name: string; elem: GoType }
  /**
   * Fields by Go name; a decoded struct is a record keyed by that name with its first letter in lower case. `exact`:
   * keys match only exactly, as sigs.k8s.io/json (kube-apiserver's decoder of API bodies) matches them.
   */
  | { kind: "struct"; name: string; fields: Record<string, GoType>; exact?: boolean };

/** A type decoded into directly (a pointer is followed first, allocated for anything but null). */
type Direct = Exclude<GoType, { kind: "pointer" }>;

export type GoDecoded = { ok: true; value: unknown } | { ok: false; error: string };

/** json.Unmarshal(text, &v) for a v of `type`: the value (null for a nil pointer or slice) or the error's text. */
export function goUnmarshal(text: string, type: GoType): GoDecoded {
  const bytes = Buffer.from(text, "utf8");
  const syntax = syntaxError(bytes);
  if (syntax) return { ok: false, error: syntax };
  const decoder = new Decoder(bytes);
  const value = decoder.value(type, []);
  return decoder.error ? { ok: false, error: decoder.error } : { ok: true, value };
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

const SHORT_ESCAPES: Record<number, string> = { 0x07: "\\a", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\" };

/**
 * quoteChar: the byte as strconv.Quote prints string(rune(c)) between single quotes. A byte above 0x7f is read as
 * the Latin-1 rune of that value (the first byte of a UTF-8 sequence, so "é" shows as 'Ã'); runes Go does not call
 * printable (controls, U+00A0, U+00AD) are escaped.
 */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  if (SHORT_ESCAPES[c]) return `'${SHORT_ESCAPES[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, "0")}'`;
  return `'${String.fromCharCode(c)}'`;
}

const MAX_DEPTH = 10_000;

/** The scanner states that take a space (so the input merely ended there), by the context of their error. */
const ENDS_QUIETLY = new Set(["looking for beginning of value", "looking for beginning of object key string", "after object key", "after object key:value pair", "after array element", "in a string"]);

/** checkValid: the scanner's first error over the whole input, or undefined when it is one valid JSON value. */
function syntaxError(bytes: Buffer): string | undefined {
  const stack: ("key" | "value" | "array")[] = [];
  let i = 0;
  const at = () => (i < bytes.length ? bytes[i]! : -1);
  // At the end, the scanner is handed one space: inside a number, a literal or an escape that is an invalid character
  // (so "1." is "invalid character ' ' after decimal point in numeric literal"); elsewhere the input just ended.
  const fail = (context: string) => {
    if (i < bytes.length) return `invalid character ${quoteChar(bytes[i]!)} ${context}`;
    return ENDS_QUIETLY.has(context) ? "unexpected end of JSON input" : `invalid character ' ' ${context}`;
  };
  const skipSpace = () => {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
  };
  const digits = () => {
    while (isDigit(at())) i++;
  };
  /** A literal or a string from bytes[i]; an error's text, else undefined with i past it. */
  const scalar = (): string | undefined => {
    const c = at();
    if (c === 0x22) {
      i++;
      for (;;) {
        const s = at();
        if (s === -1) return fail("in a string");
        if (s === 0x22) return void i++;
        if (s === 0x5c) {
          i++;
          const e = at();
          if (e === 0x75) {
            i++;
            for (let k = 0; k < 4; k++, i++) if (!isHex(at())) return fail("in \\u hexadecimal character escape");
            continue;
          }
          if (![0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(e)) return fail("in string escape code");
          i++;
          continue;
        }
        if (s < 0x20) return fail("in string literal");
        i++;
      }
    }
    if (c === 0x2d || isDigit(c)) {
      if (c === 0x2d) {
        i++;
        if (!isDigit(at())) return fail("in numeric literal");
      }
      if (at() === 0x30) i++;
      else digits();
      if (at() === 0x2e) {
        i++;
        if (!isDigit(at())) return fail("after decimal point in numeric literal");
        digits();
      }
      if (at() === 0x65 || at() === 0x45) {
        i++;
        if (at() === 0x2b || at() === 0x2d) i++;
        if (!isDigit(at())) return fail("in exponent of numeric literal");
        digits();
      }
      return undefined;
    }
    for (const word of ["true", "false", "null"]) {
      if (c !== word.charCodeAt(0)) continue;
      for (let k = 1; k < word.length; k++) {
        i++;
        if (at() !== word.charCodeAt(k)) return fail(`in literal ${word} (expecting '${word[k]}')`);
      }
      i++;
      return undefined;
    }
    return fail("looking for beginning of value");
  };
  /** An object's key and its colon, from bytes[i]: an error's text, else undefined with i past the colon. */
  const objectKey = (): string | undefined => {
    if (at() !== 0x22) return fail("looking for beginning of object key string");
    const bad = scalar();
    if (bad) return bad;
    skipSpace();
    if (at() !== 0x3a) return fail("after object key");
    i++;
    return undefined;
  };
  for (;;) {
    // At the beginning of a value.
    skipSpace();
    const c = at();
    if (c === 0x7b || c === 0x5b) {
      stack.push(c === 0x7b ? "key" : "array");
      i++;
      if (stack.length > MAX_DEPTH) return `invalid character ${quoteChar(c)} exceeded max depth`;
      skipSpace();
      if (at() === (c === 0x7b ? 0x7d : 0x5d)) {
        stack.pop();
        i++;
      } else if (c === 0x7b) {
        const bad = objectKey();
        if (bad) return bad;
        stack[stack.length - 1] = "value";
        continue;
      } else continue;
    } else {
      const bad = scalar();
      if (bad) return bad;
    }
    // After a value: close what ends here, then the next key or element.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < bytes.length ? fail("after top-level value") : undefined;
      const e = at();
      if (top === "array" && e === 0x5d) {
        stack.pop();
        i++;
        continue;
      }
      if (top === "value" && e === 0x7d) {
        stack.pop();
        i++;
        continue;
      }
      if (e !== 0x2c) return fail(top === "array" ? "after array element" : "after object key:value pair");
      i++;
      if (top === "value") {
        skipSpace();
        const bad = objectKey();
        if (bad) return bad;
      }
      break;
    }
  }
}

/**
 * appendFoldedName, enough to compare with ASCII field names: ASCII letters in upper case, and the only two other runes
 * whose fold set holds an ASCII letter, the Kelvin sign (K) and the long s (S). Not toUpperCase, which also turns a
 * dotless ı into I and ß into SS, where Go folds neither.
 */
const fold = (name: string) => name.replace(/[a-z\u212a\u017f]/g, (c) => (c === "\u212a" ? "K" : c === "\u017f" ? "S" : c.toUpperCase()));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const structName = (name: string) => name.slice(name.lastIndexOf(".") + 1);

/** Decodes a value already known to be valid JSON, keeping the first type error as encoding/json's decodeState does. */
class Decoder {
  error: string | undefined;
  private i = 0;
  private readonly bytes: Buffer;

  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }

  /** Decodes the value at the cursor into `type`; `context` is the struct and Go field names it sits in. */
  value(type: GoType, context: string[]): unknown {
    this.space();
    const c = this.bytes[this.i]!;
    if (type.kind === "pointer") {
      if (c === 0x6e) {
        this.i += 4;
        return null;
      }
      return this.value(type.elem, context);
    }
    if (c === 0x5b) return this.array(type, context);
    if (c === 0x7b) return this.object(type, context);
    const start = this.i;
    this.literalEnd();
    const raw = this.bytes.subarray(start, this.i).toString("utf8");
    if (c === 0x6e) return type.kind === "slice" ? null : undefined;
    if (c === 0x22) {
      // Invalid UTF-16 (a lone surrogate escape) becomes U+FFFD, as Go's unquote does.
      if (type.kind === "string") return (JSON.parse(raw) as string).replace(LONE_SURROGATE, "\ufffd");
      return this.mismatch("string", type, context);
    }
    if (c === 0x74 || c === 0x66) return type.kind === "bool" ? c === 0x74 : this.mismatch("bool", type, context);
    if (type.kind === "int64") {
      const whole = /^-?\d+$/.test(raw) ? BigInt(raw) : undefined;
      if (whole === undefined || whole < -(2n ** 63n) || whole >= 2n ** 63n) return this.mismatch(`number ${raw}`, type, context);
      return Number(whole);
    }
    return this.mismatch("number", type, context);
  }

  private array(type: Direct, context: string[]): unknown {
    if (type.kind !== "slice") {
      this.skip();
      return this.mismatch("array", type, context);
    }
    this.i++;
    const items: unknown[] = [];
    for (;;) {
      this.space();
      if (this.bytes[this.i] === 0x5d) break;
      items.push(this.value(type.elem, context) ?? (type.elem.kind === "struct" ? {} : undefined));
      this.space();
      if (this.bytes[this.i] === 0x2c) this.i++;
    }
    this.i++;
    return items;
  }

  private object(type: Direct, context: string[]): unknown {
    if (type.kind !== "struct") {
      this.skip();
      return this.mismatch("object", type, context);
    }
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.bytes[this.i] === 0x7d) break;
      const start = this.i;
      this.literalEnd();
      const key = JSON.parse(this.bytes.subarray(start, this.i).toString("utf8")) as string;
      this.space();
      this.i++; // the colon
      const name = key in type.fields ? key : type.exact ? undefined : Object.keys(type.fields).find((f) => fold(f) === fold(key));
      if (name === undefined) this.skip();
      else {
        const decoded = this.value(type.fields[name]!, [structName(type.name), ...context.slice(1), name]);
        if (decoded !== undefined) out[name[0]!.toLowerCase() + name.slice(1)] = decoded;
      }
      this.space();
      if (this.bytes[this.i] === 0x2c) this.i++;
    }
    this.i++;
    return out;
  }

  /** UnmarshalTypeError: kept only when it is the first; the value is left unset. */
  private mismatch(value: string, type: Direct, context: string[]): undefined {
    this.error ??= context.length
      ? `json: cannot unmarshal ${value} into Go struct field ${context[0]}.${context.slice(1).join(".")} of type ${type.name}`
      : `json: cannot unmarshal ${value} into Go value of type ${type.name}`;
    return undefined;
  }

  private space(): void {
    while (this.i < this.bytes.length && isSpace(this.bytes[this.i]!)) this.i++;
  }

  /** Past a string, number or literal (the input is valid, so only its end needs finding). */
  private literalEnd(): void {
    if (this.bytes[this.i] === 0x22) {
      this.i++;
      while (this.bytes[this.i] !== 0x22) this.i += this.bytes[this.i] === 0x5c ? 2 : 1;
      this.i++;
      return;
    }
    while (this.i < this.bytes.length && !isSpace(this.bytes[this.i]!) && ![0x2c, 0x5d, 0x7d].includes(this.bytes[this.i]!)) this.i++;
  }

  /** Past a whole value of any kind. */
  private skip(): void {
    this.space();
    const c = this.bytes[this.i];
    if (c !== 0x5b && c !== 0x7b) return this.literalEnd();
    let depth = 0;
    do {
      const b = this.bytes[this.i];
      if (b === 0x22) {
        this.literalEnd();
        continue;
      }
      if (b === 0x5b || b === 0x7b) depth++;
      if (b === 0x5d || b === 0x7d) depth--;
      this.i++;
    } while (depth > 0);
  }
}
