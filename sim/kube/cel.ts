// The part of CEL (github.com/google/cel-spec) that the served CRDs' `x-kubernetes-validations` rules are written in:
// `||`, `&&`, `!`, comparisons, parentheses, field selection on `self`/`oldSelf`, the `has()` macro, `size()` and the
// string methods startsWith/endsWith/contains, with string, integer, boolean and null literals. A rule outside that
// part does not compile here (kube-apiserver would run it): crd-validation.ts then skips it and says so once.
import { deepEqual, isRecord } from "./json.ts";

type Value = unknown;
type Expr =
  | { op: "lit"; value: Value }
  | { op: "ident"; name: string }
  | { op: "select"; of: Expr; field: string }
  | { op: "has"; of: Expr; field: string }
  | { op: "call"; fn: string; target?: Expr; args: Expr[] }
  | { op: "not" | "neg"; of: Expr }
  | { op: "&&" | "||" | "==" | "!=" | "<" | "<=" | ">" | ">="; left: Expr; right: Expr };

/** A compiled rule: what it reads (`oldSelf` makes it a transition rule) and how to run it. */
export interface Program {
  usesOldSelf: boolean;
  eval(self: Value, oldSelf?: Value): Value;
}

/** A rule's compile error (the simulator's, for a construct it does not implement). */
export class CelSyntaxError extends Error {}

const TOKEN = /\s*(?:(\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(\|\||&&|==|!=|<=|>=|[()!.,<>-]))/y;
const FUNCTIONS = new Set(["size", "startsWith", "endsWith", "contains"]);

// CEL escapes a property name that is a reserved word or holds other characters (apiserver/pkg/cel/escaping.go).
const unescape = (name: string) =>
  name.replace(/__(dash|dot|slash|underscores)__/g, (_m, w: string) => ({ dash: "-", dot: ".", slash: "/", underscores: "__" })[w] ?? "").replace(/^__([a-z]+)__$/, "$1");

function tokenize(rule: string): string[][] {
  const out: string[][] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < rule.length) {
    if (/^\s*$/.test(rule.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(rule);
    if (!m) throw new CelSyntaxError(`unsupported syntax at ${rule.slice(TOKEN.lastIndex)}`);
    out.push(m[1] !== undefined ? ["int", m[1]] : m[2] !== undefined ? ["str", m[2]] : m[3] !== undefined ? ["str", m[3]] : m[4] !== undefined ? ["id", m[4]] : ["op", m[5] ?? ""]);
  }
  return out;
}

/** Compiles `rule` (throws CelSyntaxError outside the supported part). */
export function compile(rule: string): Program {
  const tokens = tokenize(rule);
  let at = 0;
  const peek = (v: string) => tokens[at]?.[1] === v && tokens[at]?.[0] === "op";
  const expect = (v: string) => {
    if (!peek(v)) throw new CelSyntaxError(`expected ${v} in ${rule}`);
    at++;
  };
  const binary = (ops: string[], next: () => Expr) => (): Expr => {
    let left = next();
    while (ops.some(peek)) {
      const op = tokens[at++]![1] as "&&";
      left = { op, left, right: next() };
    }
    return left;
  };
  const args = (): Expr[] => {
    const list: Expr[] = [];
    expect("(");
    while (!peek(")")) {
      list.push(or());
      if (!peek(")")) expect(",");
    }
    expect(")");
    return list;
  };
  const primary = (): Expr => {
    const [kind, text = ""] = tokens[at++] ?? [];
    if (kind === "int") return { op: "lit", value: Number(text) };
    if (kind === "str") return { op: "lit", value: text.replace(/\\(.)/g, "$1") };
    if (kind === "op" && text === "(") {
      const inner = or();
      expect(")");
      return inner;
    }
    if (kind !== "id") throw new CelSyntaxError(`unexpected ${text || "end"} in ${rule}`);
    if (text === "true" || text === "false") return { op: "lit", value: text === "true" };
    if (text === "null") return { op: "lit", value: null };
    if (text === "has") {
      const [of] = args();
      if (of?.op !== "select") throw new CelSyntaxError(`has() needs a field selection in ${rule}`);
      return { op: "has", of: of.of, field: of.field };
    }
    if (peek("(")) {
      if (!FUNCTIONS.has(text)) throw new CelSyntaxError(`unsupported function ${text} in ${rule}`);
      return { op: "call", fn: text, args: args() };
    }
    if (text !== "self" && text !== "oldSelf") throw new CelSyntaxError(`unknown name ${text} in ${rule}`);
    return { op: "ident", name: text };
  };
  const member = (): Expr => {
    let e = primary();
    while (peek(".")) {
      at++;
      const [kind, name = ""] = tokens[at++] ?? [];
      if (kind !== "id") throw new CelSyntaxError(`expected a field name in ${rule}`);
      if (peek("(")) {
        if (!FUNCTIONS.has(name)) throw new CelSyntaxError(`unsupported method ${name} in ${rule}`);
        e = { op: "call", fn: name, target: e, args: args() };
      } else e = { op: "select", of: e, field: unescape(name) };
    }
    return e;
  };
  const unary = (): Expr => {
    if (peek("!")) return (at++, { op: "not", of: unary() });
    if (peek("-")) return (at++, { op: "neg", of: unary() });
    return member();
  };
  const relation = binary(["==", "!=", "<=", ">=", "<", ">"], unary);
  const and = binary(["&&"], relation);
  const or = binary(["||"], and);
  const tree = or();
  if (at < tokens.length) throw new CelSyntaxError(`unexpected ${tokens[at]![1]} in ${rule}`);
  return { usesOldSelf: /\boldSelf\b/.test(rule), eval: (self, oldSelf) => evaluate(tree, { self, oldSelf }) };
}

/** A rule that could not be evaluated (kube-apiserver's "no such key: x" and the like). */
export class CelEvalError extends Error {}

function evaluate(e: Expr, vars: Record<string, Value>): Value {
  const ev = (x: Expr) => evaluate(x, vars);
  switch (e.op) {
    case "lit":
      return e.value;
    case "ident":
      return vars[e.name];
    case "select": {
      const of = ev(e.of);
      if (!isRecord(of) || !(e.field in of)) throw new CelEvalError(`no such key: ${e.field}`);
      return of[e.field];
    }
    case "has": {
      const of = ev(e.of);
      return isRecord(of) && of[e.field] !== undefined;
    }
    case "not":
      return !truth(ev(e.of));
    case "neg":
      return -Number(ev(e.of));
    case "&&":
      return truth(ev(e.left)) && truth(ev(e.right));
    case "||":
      return truth(ev(e.left)) || truth(ev(e.right));
    case "==":
      return deepEqual(ev(e.left), ev(e.right));
    case "!=":
      return !deepEqual(ev(e.left), ev(e.right));
    case "call":
      return call(e.fn, e.target === undefined ? undefined : ev(e.target), e.args.map(ev));
    default: {
      const [a, b] = [ev(e.left), ev(e.right)] as [number, number];
      return e.op === "<" ? a < b : e.op === "<=" ? a <= b : e.op === ">" ? a > b : a >= b;
    }
  }
}

function truth(v: Value): boolean {
  if (typeof v !== "boolean") throw new CelEvalError("no such overload");
  return v;
}

function call(fn: string, target: Value, args: Value[]): Value {
  const [subject, arg] = target === undefined ? [args[0], args[1]] : [target, args[0]];
  if (fn === "size") {
    if (typeof subject === "string") return [...subject].length;
    if (Array.isArray(subject)) return subject.length;
    if (isRecord(subject)) return Object.keys(subject).length;
  } else if (typeof subject === "string" && typeof arg === "string") {
    return fn === "startsWith" ? subject.startsWith(arg) : fn === "endsWith" ? subject.endsWith(arg) : subject.includes(arg);
  }
  throw new CelEvalError("no such overload");
}
