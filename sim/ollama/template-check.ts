// The check /api/create runs on a `template`: Ollama parses it with Go's text/template (its own functions added), then
// walks the parsed nodes for the variables it uses, refusing a `{{template "name"}}` call without a pipeline. This
// reproduces that parse's outcome and Go's words (`template: :<line>: …`): a lexer (delimiters with their trim
// markers, comments, strings, raw strings, characters, numbers, fields, variables, keywords) and a recursive-descent
// parser over its items (actions, pipelines and their declarations, commands and operands, if/range/with with their
// else branches, define, block, template, break and continue), which stops at the first error as Go's does, on the
// line of the last item it read. Checked against real Ollama v0.17.4 (tests/real/ollama-create.test.ts).
import { goQuote } from "../kube/volume-fields.ts";

/** text/template's builtins plus the functions Ollama's template package adds. */
const FUNCTIONS = new Set(
  "and call html index slice js len not or print printf println urlquery eq ge gt le lt ne json currentDate yesterdayDate toTypeScriptType".split(" "),
);
const KEYWORDS = new Set(["block", "break", "continue", "define", "else", "end", "if", "nil", "range", "template", "with"]);

type Kind =
  | "text" | "comment" | "left" | "right" | "space" | "error" | "eof"
  | "assign" | "declare" | "pipe" | "char" | "lparen" | "rparen"
  | "string" | "raw" | "charConst" | "number" | "complex" | "bool" | "variable" | "field" | "identifier"
  // keywords (printed as <word>):
  | "dot" | "block" | "break" | "continue" | "define" | "else" | "end" | "if" | "nil" | "range" | "template" | "with";

interface Item {
  kind: Kind;
  val: string;
  line: number;
}

const KEYWORD_KINDS = new Set<Kind>(["dot", ...KEYWORDS] as Kind[]);

/** How Go prints an item in an error: EOF, an error's text, a keyword as <word>, else quoted (cut at 10 runes). */
function shown(item: Item): string {
  if (item.kind === "eof") return "EOF";
  if (item.kind === "error") return item.val;
  if (KEYWORD_KINDS.has(item.kind)) return `<${item.val}>`;
  const runes = [...item.val];
  return runes.length > 10 ? `${goQuote(runes.slice(0, 10).join(""))}...` : goQuote(item.val);
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlphaNumeric = (c: string | undefined) => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);
const isPrintableAscii = (c: string) => c >= " " && c <= "~";
const hex4 = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
/** Go's %#U. */
const runeName = (c: string | undefined) => (c === undefined ? "U+FFFFFFFF" : `${hex4(c)} '${c}'`);

/** The template's items, up to and including the first error or EOF (the lexer stops there). */
function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  const lineAt = (at: number) => input.slice(0, at).split("\n").length;
  const emit = (kind: Kind, val = input.slice(start, pos)) => {
    items.push({ kind, val, line: lineAt(start) });
    start = pos;
  };
  /** The lexer's error item, its last: it stops there. */
  const fail = (message: string) => {
    items.push({ kind: "error", val: message, line: lineAt(start) });
    return items;
  };
  const leftTrim = (at: number) => input[at] === "-" && isSpace(input[at + 1]);
  const atRight = (): { delim: boolean; trim: boolean } => {
    if (isSpace(input[pos]) && input[pos + 1] === "-" && input.startsWith("}}", pos + 2)) return { delim: true, trim: true };
    return { delim: input.startsWith("}}", pos), trim: false };
  };
  const skipSpacesAfter = () => {
    while (isSpace(input[pos])) pos++;
  };
  const atTerminator = () => {
    const c = input[pos];
    return c === undefined || isSpace(c) || ".,|:)(".includes(c) || input.startsWith("}}", pos);
  };
  const accept = (chars: string) => {
    if (input[pos] !== undefined && chars.includes(input[pos]!)) {
      pos++;
      return true;
    }
    return false;
  };
  const acceptRun = (chars: string) => {
    while (accept(chars));
  };
  const scanNumber = () => {
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(input[pos])) {
      pos++;
      return false;
    }
    return true;
  };
  /** Reads a quoted string, raw string or character constant after its opening quote; false: unterminated. */
  const quoted = (close: string, escapes: boolean) => {
    for (;;) {
      const c = input[pos++];
      if (escapes && c === "\\") {
        const n = input[pos++];
        if (n !== undefined && n !== "\n") continue;
        return false;
      }
      if (c === undefined || (escapes && c === "\n")) return false;
      if (c === close) return true;
    }
  };

  for (;;) {
    // Text up to the next action.
    const next = input.indexOf("{{", pos);
    if (next < 0) {
      pos = input.length;
      if (pos > start) emit("text");
      emit("eof", "");
      return items;
    }
    if (next > pos) {
      pos = next;
      emit("text");
    }
    pos += 2;
    const marker = leftTrim(pos) ? 2 : 0;
    if (input.startsWith("/*", pos + marker)) {
      start = pos + marker;
      pos += marker + 2;
      const end = input.indexOf("*/", pos);
      if (end < 0) return fail("unclosed comment");
      pos = end + 2;
      const { delim, trim } = atRight();
      if (!delim) return fail("comment ends before closing delimiter");
      pos += (trim ? 2 : 0) + 2;
      if (trim) skipSpacesAfter();
      start = pos;
      continue;
    }
    emit("left", "{{");
    pos += marker;
    start = pos;
    parenDepth = 0;
    // Inside the action.
    for (;;) {
      const { delim, trim } = atRight();
      if (delim) {
        if (parenDepth !== 0) return fail("unclosed left paren");
        pos += trim ? 2 : 0;
        start = pos;
        pos += 2;
        emit("right");
        if (trim) skipSpacesAfter();
        start = pos;
        break;
      }
      const c = input[pos++];
      if (c === undefined) return fail("unclosed action");
      if (isSpace(c)) {
        pos--;
        let spaces = 0;
        for (; isSpace(input[pos]); pos++) spaces++;
        // " -}}": the last space belongs to the trim marker.
        if (input[pos] === "-" && input.startsWith("}}", pos + 1)) {
          pos--;
          if (spaces === 1) continue;
        }
        emit("space");
      } else if (c === "=") emit("assign");
      else if (c === ":") {
        if (input[pos++] !== "=") return fail("expected :=");
        emit("declare");
      } else if (c === "|") emit("pipe");
      else if (c === '"') {
        if (!quoted('"', true)) return fail("unterminated quoted string");
        emit("string");
      } else if (c === "`") {
        if (!quoted("`", false)) return fail("unterminated raw quoted string");
        emit("raw");
      } else if (c === "'") {
        if (!quoted("'", true)) return fail("unterminated character constant");
        emit("charConst");
      } else if (c === "$" || (c === "." && pos < input.length && !/[0-9]/.test(input[pos]!))) {
        if (!atTerminator()) {
          while (isAlphaNumeric(input[pos])) pos++;
          if (!atTerminator()) return fail(`bad character ${runeName(input[pos])}`);
        }
        emit(c === "$" ? "variable" : pos - start === 1 ? "dot" : "field");
      } else if (c === "." || c === "+" || c === "-" || /[0-9]/.test(c)) {
        pos--;
        if (!scanNumber()) return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        if (input[pos] === "+" || input[pos] === "-") {
          if (!scanNumber() || input[pos - 1] !== "i") return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
          emit("complex");
        } else emit("number");
      } else if (isAlphaNumeric(c)) {
        while (isAlphaNumeric(input[pos])) pos++;
        if (!atTerminator()) return fail(`bad character ${runeName(input[pos])}`);
        const word = input.slice(start, pos);
        emit(KEYWORDS.has(word) ? (word as Kind) : word === "true" || word === "false" ? "bool" : "identifier");
      } else if (c === "(") {
        parenDepth++;
        emit("lparen");
      } else if (c === ")") {
        if (--parenDepth < 0) return fail("unexpected right paren");
        emit("rparen");
      } else if (isPrintableAscii(c)) emit("char");
      else {
        const rune = String.fromCodePoint(input.codePointAt(pos - 1)!);
        return fail(`unrecognized character in action: ${runeName(rune)}`);
      }
    }
  }
}

/** One rune of a Go quoted literal at the start of `body` (strconv.UnquoteChar): its length, or undefined when invalid. */
function quotedRune(body: string, quote: string): number | undefined {
  const m = /^(?:\\(?:([abfnrtv\\'"])|([0-7]{3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))|([^\\]))/u.exec(body);
  if (!m) return undefined;
  const [all, simple, octal, , u, big, plain] = m;
  if (plain !== undefined) return plain === quote ? undefined : all.length;
  if (simple !== undefined && (simple === "'" || simple === '"') && simple !== quote) return undefined;
  if (octal !== undefined && parseInt(octal, 8) > 255) return undefined;
  const code = u ? parseInt(u, 16) : big ? parseInt(big, 16) : 0;
  if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) return undefined;
  return all.length;
}

/** strconv.Unquote of a string item: undefined when an escape is not Go's (a raw string always reads). */
function unquote(item: Item): string | undefined {
  if (item.kind === "raw") return item.val.slice(1, -1).replaceAll("\r", "");
  let body = item.val.slice(1, -1);
  let out = "";
  while (body) {
    const n = quotedRune(body, '"');
    if (n === undefined) return undefined;
    out += body.slice(0, n);
    body = body.slice(n);
  }
  return out;
}

const digits = (set: string) => `[${set}](?:_?[${set}])*`;
/** strconv.ParseInt/ParseUint with base 0: a prefix (0x, 0o, 0b, or a leading 0 for octal), underscores between digits. */
const INTEGER = new RegExp(`^[+-]?(?:0[xX]_?${digits("0-9a-fA-F")}|0[oO]_?${digits("0-7")}|0[bB]_?${digits("01")}|0_?${digits("0-7")}|0|[1-9](?:_?[0-9])*)$`);
const DECIMAL_FLOAT = new RegExp(`^[+-]?(?:${digits("0-9")}\\.?(?:${digits("0-9")})?|\\.${digits("0-9")})(?:[eE][+-]?${digits("0-9")})?$`);
const HEX_FLOAT = new RegExp(`^[+-]?0[xX]_?(?:${digits("0-9a-fA-F")}\\.?(?:${digits("0-9a-fA-F")})?|\\.${digits("0-9a-fA-F")})[pP][+-]?${digits("0-9")}$`);

/** strconv.ParseFloat: a decimal or hexadecimal float literal within float64's range. */
function parsesAsFloat(text: string): boolean {
  const plain = text.replace(/_/g, "");
  if (DECIMAL_FLOAT.test(text)) return Number.isFinite(Number(plain));
  if (!HEX_FLOAT.test(text)) return false;
  const m = /^[+-]?0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(plain);
  if (!m) return false;
  const fraction = m[2] ?? "";
  const mantissa = parseInt(`${m[1] || "0"}${fraction}`, 16) / 16 ** fraction.length;
  return Number.isFinite(mantissa * 2 ** Number(m[3]));
}

/** Go's reading of a number item (parse.newNumber): an error's words, or undefined when it is a number. */
function numberError(item: Item): string | undefined {
  const text = item.val;
  if (item.kind === "charConst") {
    const body = text.slice(1, -1);
    const n = body ? quotedRune(body, "'") : undefined;
    if (n === undefined) return "invalid syntax";
    return n === body.length ? undefined : `malformed character constant: ${text}`;
  }
  if (item.kind === "complex") return undefined;
  if (text.endsWith("i") && parsesAsFloat(text.slice(0, -1))) return undefined;
  if (INTEGER.test(text)) {
    const magnitude = BigInt(text.replace(/^[+-]/, "").replace(/_/g, "").replace(/^0([0-7])/, "0o$1"));
    if (text.startsWith("-") ? magnitude <= 2n ** 63n : magnitude <= 2n ** 64n - 1n) return undefined;
  }
  if (!parsesAsFloat(text)) return `illegal number syntax: ${goQuote(text)}`;
  // A float by its syntax, but written as an integer: one too big for 64 bits.
  return /[.eEpP]/.test(text) ? undefined : `integer overflow: ${goQuote(text)}`;
}

/** A parsed node, as far as the checks need it. */
type Node =
  | { type: "end" | "else"; line: number; ifOrWith?: Kind }
  | { type: "text"; text: string }
  | { type: "comment" | "action" | "break" | "continue" }
  | { type: "branch"; lists: Node[][] }
  | { type: "template"; hasPipe: boolean };

class ParseError extends Error {}

/** Go's parse.Tree, reduced to what decides whether and where parsing fails. */
class Parser {
  readonly #items: Item[];
  #at = 0;
  #read = 0; // how many items have been read from the lexer: the last one's line is the error's
  #vars = ["$"];
  #rangeDepth = 0;
  #actionLine = 0;
  /** The templates parsed so far, by name (`` for the template itself), their root lists. */
  readonly trees = new Map<string, Node[]>();

  constructor(items: Item[]) {
    this.#items = items;
  }

  fail(message: string): never {
    const last = this.#items[Math.min(this.#read, this.#items.length) - 1];
    throw new ParseError(`template: :${last?.line ?? 1}: ${message}`);
  }

  // Past the lexer's last item (its error or EOF), it gives that item again.
  #peek(): Item {
    const at = Math.min(this.#at, this.#items.length - 1);
    this.#read = Math.max(this.#read, at + 1);
    return this.#items[at]!;
  }
  #next(): Item {
    const item = this.#peek();
    this.#at++;
    return item;
  }
  #backup(n = 1): void {
    this.#at -= n;
  }
  #nextNonSpace(): Item {
    let item = this.#next();
    while (item.kind === "space") item = this.#next();
    return item;
  }
  #peekNonSpace(): Item {
    const item = this.#nextNonSpace();
    this.#backup();
    return item;
  }
  #unexpected(item: Item, context: string): never {
    if (item.kind === "error") {
      let extra = "";
      if (this.#actionLine !== 0 && this.#actionLine !== item.line) {
        extra = ` in action started at :${this.#actionLine}`;
        if (item.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.fail(`${item.val}${extra}`);
    }
    this.fail(`unexpected ${shown(item)} in ${context}`);
  }
  #expect(kind: Kind, context: string): Item {
    const item = this.#nextNonSpace();
    if (item.kind !== kind) this.#unexpected(item, context);
    return item;
  }

  parse(): void {
    const root: Node[] = [];
    while (this.#peek().kind !== "eof") {
      if (this.#peek().kind === "left") {
        const at = this.#at;
        this.#next();
        if (this.#nextNonSpace().kind === "define") {
          this.#definition();
          continue;
        }
        this.#at = at;
      }
      const node = this.#textOrAction();
      if (node.type === "end" || node.type === "else") this.fail(`unexpected {{${node.type}}}`);
      root.push(node);
    }
    this.#add("", root);
  }

  #add(name: string, root: Node[]): void {
    const old = this.trees.get(name);
    if (!old || empty(old)) this.trees.set(name, root);
    else if (!empty(root)) this.fail(`template: multiple definition of template ${goQuote(name)}`);
  }

  #templateName(item: Item, context: string): string {
    if (item.kind !== "string" && item.kind !== "raw") this.#unexpected(item, context);
    return this.#unquoted(item);
  }

  #unquoted(item: Item): string {
    const value = unquote(item);
    if (value === undefined) this.fail("invalid syntax");
    return value;
  }

  #definition(): void {
    const context = "define clause";
    const name = this.#templateName(this.#nextNonSpace(), context);
    this.#expect("right", context);
    this.#tree(name, context);
  }

  /** The body of a define or a block, up to its {{end}}: a template of its own, with its own variables and ranges. */
  #tree(name: string, context: string): void {
    const saved = { vars: this.#vars, rangeDepth: this.#rangeDepth };
    [this.#vars, this.#rangeDepth] = [["$"], 0];
    const [list, end] = this.#itemList();
    if (end.type !== "end") this.fail(`unexpected {{${end.type}}} in ${context}`);
    this.#add(name, list);
    [this.#vars, this.#rangeDepth] = [saved.vars, saved.rangeDepth];
  }

  #itemList(): [Node[], Node & { type: "end" | "else" }] {
    const list: Node[] = [];
    while (this.#peekNonSpace().kind !== "eof") {
      const node = this.#textOrAction();
      if (node.type === "end" || node.type === "else") return [list, node];
      list.push(node);
    }
    this.fail("unexpected EOF");
  }

  #textOrAction(): Node {
    const item = this.#nextNonSpace();
    if (item.kind === "text") return { type: "text", text: item.val };
    if (item.kind === "comment") return { type: "comment" };
    if (item.kind !== "left") this.#unexpected(item, "input");
    this.#actionLine = item.line;
    try {
      return this.#action();
    } finally {
      this.#actionLine = 0;
    }
  }

  #action(): Node {
    const item = this.#nextNonSpace();
    switch (item.kind) {
      case "block":
        return this.#block();
      case "break":
      case "continue": {
        const after = this.#nextNonSpace();
        if (after.kind !== "right") this.#unexpected(after, `{{${item.kind}}}`);
        if (this.#rangeDepth === 0) this.fail(`{{${item.kind}}} outside {{range}}`);
        return { type: item.kind };
      }
      case "else": {
        const peek = this.#peekNonSpace();
        if (peek.kind === "if" || peek.kind === "with") return { type: "else", line: peek.line, ifOrWith: peek.kind };
        return { type: "else", line: this.#expect("right", "else").line };
      }
      case "end":
        return { type: "end", line: this.#expect("right", "end").line };
      case "if":
      case "range":
      case "with":
        return this.#control(item.kind);
      case "template":
        return this.#template();
    }
    this.#backup();
    this.#pipeline("command", "right");
    return { type: "action" };
  }

  /** A pipeline up to `end`: its declarations, then its commands (at least one, the later ones executable). */
  #pipeline(context: string, end: Kind): void {
    let decls = 0;
    for (;;) {
      const variable = this.#peekNonSpace();
      if (variable.kind !== "variable") break;
      const at = this.#at;
      this.#next();
      const next = this.#peekNonSpace();
      if (next.kind === "assign" || next.kind === "declare") {
        this.#nextNonSpace();
        this.#vars.push(variable.val);
        decls++;
        break;
      }
      if (next.kind === "char" && next.val === ",") {
        this.#nextNonSpace();
        this.#vars.push(variable.val);
        decls++;
        if (context === "range" && decls < 2) {
          const kind = this.#peekNonSpace().kind;
          if (kind === "variable" || kind === "right" || kind === "rparen") continue;
          this.fail("range can only initialize variables");
        }
        this.fail(`too many declarations in ${context}`);
      }
      // Not a declaration: the variable (and what follows it) are read again as a command.
      this.#at = at;
      break;
    }
    const commands: string[] = [];
    for (;;) {
      const item = this.#nextNonSpace();
      if (item.kind === end) {
        if (commands.length === 0) this.fail(`missing value for ${context}`);
        commands.slice(1).forEach((first, i) => {
          if (["bool", "dot", "nil", "number", "string"].includes(first)) this.fail(`non executable command in pipeline stage ${i + 2}`);
        });
        return;
      }
      if (!["bool", "charConst", "complex", "dot", "field", "identifier", "number", "nil", "raw", "string", "variable", "lparen"].includes(item.kind)) this.#unexpected(item, context);
      this.#backup();
      commands.push(this.#command());
    }
  }

  /** A command's operands up to `|`, `}}` or `)`; the type of its first (Go's node type). */
  #command(): string {
    let first: string | undefined;
    for (;;) {
      this.#peekNonSpace();
      const operand = this.#operand();
      first ??= operand;
      const item = this.#next();
      if (item.kind === "space") continue;
      if (item.kind === "right" || item.kind === "rparen") this.#backup();
      else if (item.kind !== "pipe") this.#unexpected(item, "operand");
      break;
    }
    if (first === undefined) this.fail("empty command");
    return first;
  }

  /** An operand and the fields chained to it; its node type, undefined when there is none. */
  #operand(): string | undefined {
    const term = this.#term();
    if (term === undefined) return undefined;
    if (this.#peek().kind !== "field") return term.type;
    while (this.#peek().kind === "field") this.#next();
    if (["bool", "string", "number", "nil", "dot"].includes(term.type)) this.fail(`unexpected . after term ${goQuote(term.text)}`);
    return term.type === "field" || term.type === "variable" ? term.type : "chain";
  }

  #term(): { type: string; text: string } | undefined {
    const item = this.#nextNonSpace();
    switch (item.kind) {
      case "identifier":
        if (!FUNCTIONS.has(item.val)) this.fail(`function ${goQuote(item.val)} not defined`);
        return { type: "identifier", text: item.val };
      case "dot":
        return { type: "dot", text: "." };
      case "nil":
        return { type: "nil", text: "nil" };
      case "variable": {
        const name = item.val.split(".")[0] ?? item.val;
        if (!this.#vars.includes(name)) this.fail(`undefined variable ${goQuote(name)}`);
        return { type: "variable", text: item.val };
      }
      case "field":
        return { type: "field", text: item.val };
      case "bool":
        return { type: "bool", text: item.val };
      case "charConst":
      case "complex":
      case "number": {
        const error = numberError(item);
        if (error) this.fail(error);
        return { type: "number", text: item.val };
      }
      case "lparen":
        this.#pipeline("parenthesized pipeline", "rparen");
        return { type: "pipe", text: "" };
      case "string":
      case "raw":
        this.#unquoted(item);
        return { type: "string", text: item.val };
    }
    this.#backup();
    return undefined;
  }

  #control(context: "if" | "range" | "with"): Node {
    const depth = this.#vars.length;
    try {
      this.#pipeline(context, "right");
      if (context === "range") this.#rangeDepth++;
      const [list, next] = this.#itemList();
      if (context === "range") this.#rangeDepth--;
      const lists = [list];
      if (next.type === "else") {
        if (next.ifOrWith === context && context !== "range") {
          this.#next();
          lists.push([this.#control(context)]);
        } else {
          const [elseList, after] = this.#itemList();
          if (after.type !== "end") this.fail(`expected end; found {{${after.type}}}`);
          lists.push(elseList);
        }
      }
      return { type: "branch", lists };
    } finally {
      this.#vars.length = depth;
    }
  }

  #block(): Node {
    const context = "block clause";
    const name = this.#templateName(this.#nextNonSpace(), context);
    this.#pipeline(context, "right");
    this.#tree(name, context);
    return { type: "template", hasPipe: true };
  }

  #template(): Node {
    const context = "template clause";
    this.#templateName(this.#nextNonSpace(), context);
    if (this.#nextNonSpace().kind === "right") return { type: "template", hasPipe: false };
    this.#backup();
    this.#pipeline(context, "right");
    return { type: "template", hasPipe: true };
  }
}

/** parse.IsEmptyTree: nothing but blank text and comments. */
function empty(nodes: Node[]): boolean {
  return nodes.every((n) => n.type === "comment" || (n.type === "text" && n.text.trim() === ""));
}

/** Ollama's Identifiers walk: a `{{template}}` call without a pipeline anywhere in a template is refused. */
function callsWithoutPipe(nodes: Node[]): boolean {
  return nodes.some((n) => (n.type === "template" && !n.hasPipe) || (n.type === "branch" && n.lists.some(callsWithoutPipe)));
}

/** The error /api/create reports for `text` after `template error: `, or undefined when Ollama takes it. */
export function templateError(text: string): string | undefined {
  const parser = new Parser(lex(text));
  try {
    parser.parse();
  } catch (err) {
    if (err instanceof ParseError) return err.message;
    throw err;
  }
  return [...parser.trees.values()].some(callsWithoutPipe) ? "undefined template specified" : undefined;
}
