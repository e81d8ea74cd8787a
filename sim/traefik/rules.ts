// Traefik v3 rule expressions (`match:` of an IngressRoute): matchers combined with &&, || and !, grouped by parentheses.
// Shared by the simulated Traefik (concrete requests) and the deploy route tests (what an attacker may send).
export type Expr =
  | { op: "matcher"; name: string; args: string[] }
  | { op: "not"; expr: Expr }
  | { op: "and" | "or"; left: Expr; right: Expr };

function tokenize(rule: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i] ?? "";
    if (/\s/.test(c)) i++;
    else if (rule.startsWith("&&", i) || rule.startsWith("||", i)) {
      tokens.push(rule.slice(i, i + 2));
      i += 2;
    } else if ("!(),".includes(c)) {
      tokens.push(c);
      i++;
    }
    else if (c === "`" || c === '"') {
      const end = rule.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string in rule: ${rule}`);
      tokens.push(rule.slice(i, end + 1));
      i = end + 1;
    } else {
      const word = /^[A-Za-z]+/.exec(rule.slice(i))?.[0];
      if (!word) throw new Error(`unexpected ${JSON.stringify(c)} in rule: ${rule}`);
      tokens.push(word);
      i += word.length;
    }
  }
  return tokens;
}

/** A Traefik v3 `match` expression → its syntax tree; throws on anything malformed. */
export function parseRule(rule: string): Expr {
  const tokens = tokenize(rule);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`expected ${expected ?? "a token"} at ${pos - 1} in rule: ${rule}`);
    return t;
  };
  const or = (): Expr => {
    let left = and();
    while (peek() === "||") {
      take();
      left = { op: "or", left, right: and() };
    }
    return left;
  };
  const and = (): Expr => {
    let left = unary();
    while (peek() === "&&") {
      take();
      left = { op: "and", left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (peek() === "!") {
      take();
      return { op: "not", expr: unary() };
    }
    if (peek() === "(") {
      take("(");
      const inner = or();
      take(")");
      return inner;
    }
    const name = take();
    if (!/^[A-Za-z]+$/.test(name)) throw new Error(`expected a matcher, got ${name} in rule: ${rule}`);
    take("(");
    const args: string[] = [];
    while (peek() !== ")") {
      const arg = take();
      if (!/^[`"]/.test(arg)) throw new Error(`expected a string argument to ${name}, got ${arg} in rule: ${rule}`);
      args.push(arg.slice(1, -1));
      if (peek() === ",") take(",");
    }
    take(")");
    return { op: "matcher", name, args };
  };
  const expr = or();
  if (pos !== tokens.length) throw new Error(`trailing ${tokens[pos]} in rule: ${rule}`);
  return expr;
}

/** A concrete request as Traefik's router sees it: Host without its port, the cleaned path. */
export interface RouteRequest {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  clientIp: string;
}

const header = (req: RouteRequest, name: string) => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
};

/** Go regexp syntax mostly reads as JavaScript's; a pattern JavaScript cannot compile matches nothing. */
function regexpTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** IPv4 CIDR (or a bare address) contains `ip`. */
export function inRange(range: string, ip: string): boolean {
  const toInt = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const v4 = (a: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a);
  const client = ip.replace(/^::ffff:/, "");
  const [base = "", bitsText] = range.split("/");
  if (!v4(base) || !v4(client)) return base === client;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (bits === 0) return true;
  const mask = bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
  return ((toInt(base) & mask) >>> 0) === ((toInt(client) & mask) >>> 0);
}

/** Whether `req` matches the rule, as Traefik v3's router decides it. */
export function matches(e: Expr, req: RouteRequest): boolean {
  switch (e.op) {
    case "not":
      return !matches(e.expr, req);
    case "and":
      return matches(e.left, req) && matches(e.right, req);
    case "or":
      return matches(e.left, req) || matches(e.right, req);
    case "matcher": {
      const [a = "", b = ""] = e.args;
      switch (e.name) {
        case "Host":
          return req.host === a.toLowerCase();
        case "HostRegexp":
          return regexpTest(a, req.host);
        case "Path":
          return req.path === a;
        case "PathPrefix":
          return req.path.startsWith(a);
        case "PathRegexp":
          return regexpTest(a, req.path);
        case "Method":
          return req.method === a.toUpperCase();
        case "Header":
          return header(req, a).includes(b);
        case "HeaderRegexp":
          return header(req, a).some((v) => regexpTest(b, v));
        case "Query":
          return req.query.getAll(a).includes(b);
        case "QueryRegexp":
          return req.query.getAll(a).some((v) => regexpTest(b, v));
        case "ClientIP":
          return inRange(a, req.clientIp);
        default:
          throw new Error(`unknown Traefik matcher ${e.name}`);
      }
    }
  }
}
