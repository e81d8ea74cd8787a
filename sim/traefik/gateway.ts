// The simulated Traefik: one entry point that routes by the IngressRoutes and Middlewares in the simulated cluster, as
// Traefik v3's kubernetesCRD provider does, so the console's exposure check meets the same answers from outside that a
// real Traefik gives (api-facts: Traefik forwardAuth/basicAuth/ipAllowList docs). What it models:
// - routers from every IngressRoute route (entry points and TLS are not modelled: this is the one public entry point);
//   priority = the route's `priority`, else the rule's length (longest first), as Traefik orders them;
// - Host() against the request's Host without its port, the path cleaned of dot segments;
// - middlewares in order: basicAuth (users from the Secret; `{SHA}` hashes verified, other hash formats never match),
//   forwardAuth (GET to the address with X-Forwarded-Method/-Uri/-Host/-Proto/-For and the authRequestHeaders; a 2xx
//   lets the request through, anything else is returned as is), ipAllowList (sourceRange); others pass through;
// - a route whose middleware or basicAuth Secret does not exist is not served (404), as Traefik drops such routers;
// - no router matches: 404 "404 page not found"; a Service the simulator cannot reach: 503 "no available server".
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { KubeSim } from "../kube/index.ts";
import { inRange, matches, parseRule, type Expr, type RouteRequest } from "./rules.ts";

interface MiddlewareRef {
  name: string;
  namespace?: string;
}
interface RouteSpec {
  match: string;
  priority?: number;
  middlewares?: MiddlewareRef[];
  services?: { name: string; namespace?: string; port?: number | string; kind?: string }[];
}
interface MiddlewareSpec {
  basicAuth?: { secret?: string; realm?: string; removeHeader?: boolean };
  forwardAuth?: { address?: string; authRequestHeaders?: string[]; authResponseHeaders?: string[]; trustForwardHeader?: boolean };
  ipAllowList?: { sourceRange?: string[] };
}

interface Router {
  namespace: string;
  expr: Expr;
  priority: number;
  route: RouteSpec;
}

export interface TraefikSimOptions {
  kube: KubeSim;
  host?: string;
  port?: number;
  /** Where a Service of the simulated cluster really listens: `name.namespace` → base URL; undefined = unreachable. */
  resolveService(name: string, namespace: string): string | undefined;
}

export interface TraefikSim {
  readonly url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
  /** Requests served since start, by status (for tests). */
  readonly served: ReadonlyMap<number, number>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

function routers(kube: KubeSim): Router[] {
  const out: Router[] = [];
  for (const ir of kube.store.list("IngressRoute")) {
    const routes = ((ir.spec as { routes?: RouteSpec[] } | undefined)?.routes ?? []).filter((r) => typeof r.match === "string");
    for (const route of routes) {
      try {
        out.push({ namespace: ir.metadata.namespace ?? "default", expr: parseRule(route.match), priority: route.priority ?? route.match.length, route });
      } catch {
        // Traefik logs a malformed rule and serves no router for it.
      }
    }
  }
  return out.sort((a, b) => b.priority - a.priority);
}

/** The request path as Traefik v3 routes it: percent-decoded unreserved characters and dot segments resolved. */
function cleanPath(rawUrl: string): { path: string; query: URLSearchParams } {
  const url = new URL(rawUrl, "http://gateway.invalid");
  return { path: url.pathname, query: url.searchParams };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(body);
}

/** `{SHA}base64(sha1(password))` lines of an htpasswd file; bcrypt/MD5 hashes are not verified by the simulator. */
function basicAuthOk(usersFile: string, authorization: string | undefined): boolean {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? "");
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return usersFile.split("\n").some((line) => {
    const [u, hash] = [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()];
    return u === user && hash.startsWith("{SHA}") && hash.slice(5) === createHash("sha1").update(password).digest("base64");
  });
}

function proxy(req: IncomingMessage, res: ServerResponse, base: string, path: string, headers: Record<string, string | string[] | undefined>) {
  const target = new URL(path, base);
  const forwarded: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) forwarded[k] = v;
  const upstream = httpRequest(target, { method: req.method, headers: { ...forwarded, host: target.host } }, (answer) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
  });
  upstream.on("error", () => (res.headersSent ? res.destroy() : send(res, 502, "Bad Gateway")));
  req.pipe(upstream);
}

export function createTraefikSim(opts: TraefikSimOptions): TraefikSim {
  const served = new Map<number, number>();
  let url = "";

  /** forwardAuth's address `http://svc.ns.svc[.cluster.local]:port/path` → the simulator's URL for that Service. */
  const resolveAddress = (address: string): string | undefined => {
    let parsed: URL;
    try {
      parsed = new URL(address);
    } catch {
      return undefined;
    }
    const [svc, ns] = parsed.hostname.split(".");
    const base = svc && ns && /\.svc(\.cluster\.local)?$/.test(parsed.hostname) ? opts.resolveService(svc, ns) : undefined;
    return base ? new URL(`${parsed.pathname}${parsed.search}`, base).toString() : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { path, query } = cleanPath(req.url ?? "/");
    const clientIp = req.socket.remoteAddress ?? "";
    const rr: RouteRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      host: (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase(),
      path,
      headers: req.headers,
      query,
      clientIp,
    };
    const router = routers(opts.kube).find((r) => matches(r.expr, rr));
    if (!router) return send(res, 404, "404 page not found\n");
    const headers: Record<string, string | string[] | undefined> = { ...req.headers };
    for (const ref of router.route.middlewares ?? []) {
      const ns = ref.namespace ?? router.namespace;
      const mw = opts.kube.store.get("Middleware", ns, ref.name);
      if (!mw) return send(res, 404, "404 page not found\n");
      const spec = (mw.spec ?? {}) as MiddlewareSpec;
      if (spec.basicAuth) {
        const secret = spec.basicAuth.secret ? opts.kube.store.get("Secret", ns, spec.basicAuth.secret) : undefined;
        const users = (secret as { data?: Record<string, string> } | undefined)?.data?.users;
        if (users === undefined) return send(res, 404, "404 page not found\n");
        if (!basicAuthOk(Buffer.from(users, "base64").toString("utf8"), req.headers.authorization)) {
          return send(res, 401, "401 Unauthorized\n", { "WWW-Authenticate": `Basic realm="${spec.basicAuth.realm ?? "traefik"}"` });
        }
        if (spec.basicAuth.removeHeader) delete headers.authorization;
      }
      if (spec.forwardAuth) {
        const address = resolveAddress(spec.forwardAuth.address ?? "");
        if (!address) return send(res, 500, "Internal Server Error");
        const ask: Record<string, string> = {
          "X-Forwarded-Method": rr.method,
          "X-Forwarded-Proto": "https",
          "X-Forwarded-Host": req.headers.host ?? "",
          "X-Forwarded-Uri": req.url ?? "/",
          "X-Forwarded-For": clientIp.replace(/^::ffff:/, ""),
        };
        const pass = spec.forwardAuth.authRequestHeaders;
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v !== "string" || HOP_BY_HOP.has(k) || k.startsWith("x-forwarded-")) continue;
          if (!pass || pass.some((h) => h.toLowerCase() === k)) ask[k] = v;
        }
        let answer: Response;
        try {
          answer = await fetch(address, { headers: ask, redirect: "manual", signal: AbortSignal.timeout(10_000) });
        } catch {
          return send(res, 500, "Internal Server Error");
        }
        if (answer.status < 200 || answer.status > 299) {
          const out: Record<string, string> = {};
          answer.headers.forEach((v, k) => {
            if (!HOP_BY_HOP.has(k) && k !== "content-length" && k !== "content-encoding") out[k] = v;
          });
          res.writeHead(answer.status, out);
          return void res.end(Buffer.from(await answer.arrayBuffer()));
        }
        await answer.arrayBuffer();
        for (const h of spec.forwardAuth.authResponseHeaders ?? []) {
          const v = answer.headers.get(h);
          if (v !== null) headers[h.toLowerCase()] = v;
        }
      }
      if (spec.ipAllowList && !(spec.ipAllowList.sourceRange ?? []).some((r) => inRange(r, clientIp))) return send(res, 403, "Forbidden");
    }
    const service = router.route.services?.[0];
    const base = service && (service.kind ?? "Service") === "Service" ? opts.resolveService(service.name, service.namespace ?? router.namespace) : undefined;
    if (!base) return send(res, 503, "no available server");
    proxy(req, res, base, req.url ?? "/", headers);
  };

  const server: Server = createServer((req, res) => {
    res.on("finish", () => served.set(res.statusCode, (served.get(res.statusCode) ?? 0) + 1));
    handle(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, "Internal Server Error")));
  });

  return {
    get url() {
      return url;
    },
    served,
    listen: () =>
      new Promise((resolve) =>
        server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
          url = `http://${opts.host ?? "127.0.0.1"}:${(server.address() as AddressInfo).port}`;
          resolve(url);
        }),
      ),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
