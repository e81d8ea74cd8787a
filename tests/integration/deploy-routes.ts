// Shared by the deploy route tests: Traefik v3 rule expressions and the routes of rendered Ingress and IngressRoute
// objects, evaluated the way an attacker sees them (what the client controls freely may be anything).
import type { K8sObject } from "./deploy-fixture";
import { parseRule, type Expr } from "../../sim/traefik/rules.ts";

export { parseRule, type Expr };

/** A request an attacker can send: method and (already cleaned, as Traefik sanitises it) path. */
export interface Probe {
  method: string;
  path: string;
}

/** Kleene logic: "unknown" for what the client controls freely (Host, headers, query, source address). */
type Tri = boolean | "unknown";
const not = (v: Tri): Tri => (v === "unknown" ? v : !v);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : "unknown");
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : "unknown");

function evaluate(e: Expr, req: Probe): Tri {
  switch (e.op) {
    case "not":
      return not(evaluate(e.expr, req));
    case "and":
      return and(evaluate(e.left, req), evaluate(e.right, req));
    case "or":
      return or(evaluate(e.left, req), evaluate(e.right, req));
    case "matcher": {
      const [value = ""] = e.args;
      switch (e.name) {
        case "Path":
          return req.path === value;
        case "PathPrefix":
          return req.path.startsWith(value);
        case "PathRegexp":
          try {
            return new RegExp(value).test(req.path);
          } catch {
            return "unknown"; // Go syntax JavaScript cannot read: assume it may match
          }
        case "Method":
          return req.method === value.toUpperCase();
        case "Host":
        case "HostRegexp":
        case "Header":
        case "HeaderRegexp":
        case "Query":
        case "QueryRegexp":
        case "ClientIP":
          return "unknown";
        default:
          throw new Error(`unknown Traefik matcher ${e.name}: teach deploy-routes.test.ts what it matches`);
      }
    }
  }
}

/** Whether some request with this method and path could be routed by the rule. */
export const ruleMayMatch = (rule: string, req: Probe) => evaluate(parseRule(rule), req) !== false;

// ---------------------------------------------------------------------------------------------------------------------
// Routes of rendered Ingress and IngressRoute objects.

export interface Route {
  where: string;
  backends: string[];
  /** Middleware objects the route passes, resolved in the render (undefined: referenced but not rendered). */
  middlewares: (K8sObject | undefined)[];
  mayMatch: (req: Probe) => boolean;
}

interface IngressRouteSpec {
  routes: { match: string; middlewares?: { name: string; namespace?: string }[]; services?: { name: string; kind?: string; port?: number | string }[] }[];
}
interface IngressBackend {
  service?: { name: string; port?: { number?: number; name?: string } };
  resource?: unknown;
}
interface IngressSpec {
  defaultBackend?: IngressBackend;
  rules?: { host?: string; http?: { paths: { path?: string; pathType: string; backend: IngressBackend }[] } }[];
}

export const MIDDLEWARES_ANNOTATION = "traefik.ingress.kubernetes.io/router.middlewares";

function ingressPathMatches(path: string | undefined, pathType: string, req: Probe): boolean {
  const p = path ?? "/";
  if (pathType === "Exact") return req.path === p;
  if (pathType === "Prefix") return p === "/" || req.path === p.replace(/\/$/, "") || req.path.startsWith(p.replace(/\/$/, "") + "/");
  // ImplementationSpecific: Traefik treats it as a plain prefix; any other controller may match more, so say yes.
  return pathType === "ImplementationSpecific" ? req.path.startsWith(p) : true;
}

const backendName = (b: IngressBackend) => b.service?.name ?? `<${JSON.stringify(b.resource ?? b)}>`;

/** Every route of the rendered IngressRoutes and Ingresses, with its backends and resolved middlewares. */
export function routesOf(objects: K8sObject[]): Route[] {
  const middlewares = objects.filter((o) => o.kind === "Middleware");
  const routes: Route[] = [];
  for (const o of objects) {
    if (o.kind === "IngressRoute") {
      (o.spec as IngressRouteSpec).routes.forEach((r, i) => {
        routes.push({
          where: `IngressRoute ${o.metadata.name} route ${i} (${r.match})`,
          backends: (r.services ?? []).map((s) => (s.kind && s.kind !== "Service" ? `<${s.kind} ${s.name}>` : s.name)),
          middlewares: (r.middlewares ?? []).map((ref) => middlewares.find((m) => m.metadata.name === ref.name && (ref.namespace === undefined || m.metadata.namespace === undefined || m.metadata.namespace === ref.namespace))),
          mayMatch: (req) => ruleMayMatch(r.match, req),
        });
      });
    }
    if (o.kind === "Ingress") {
      const spec = o.spec as IngressSpec;
      const annotation = (o.metadata as { annotations?: Record<string, string> }).annotations?.[MIDDLEWARES_ANNOTATION] ?? "";
      // `<namespace>-<name>@kubernetescrd`, comma-separated.
      const refs = annotation.split(",").map((s) => s.trim().replace(/@kubernetescrd$/, "")).filter(Boolean);
      const resolved = refs.map((ref) => middlewares.find((m) => ref === m.metadata.name || ref === `${m.metadata.namespace ?? ""}-${m.metadata.name}` || (m.metadata.namespace === undefined && ref.endsWith(`-${m.metadata.name}`))));
      if (spec.defaultBackend) routes.push({ where: `Ingress ${o.metadata.name} defaultBackend`, backends: [backendName(spec.defaultBackend)], middlewares: resolved, mayMatch: () => true });
      for (const rule of spec.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          routes.push({
            where: `Ingress ${o.metadata.name} ${rule.host ?? "*"}${p.path ?? ""} (${p.pathType})`,
            backends: [backendName(p.backend)],
            middlewares: resolved,
            mayMatch: (req) => ingressPathMatches(p.path, p.pathType, req),
          });
        }
      }
    }
  }
  return routes;
}

/** Authentication a client must pass: basicAuth/digestAuth from a Secret (never inline users), forwardAuth, or a chain holding one. */
export function authenticates(m: K8sObject | undefined, all: K8sObject[]): boolean {
  if (!m) return false;
  const spec = m.spec as {
    basicAuth?: { secret?: string; users?: unknown };
    digestAuth?: { secret?: string; users?: unknown };
    forwardAuth?: { address?: string };
    chain?: { middlewares?: { name: string }[] };
  };
  for (const auth of [spec.basicAuth, spec.digestAuth]) if (auth && typeof auth.secret === "string" && auth.secret !== "" && auth.users === undefined) return true;
  if (typeof spec.forwardAuth?.address === "string" && /^https?:\/\/[^/]+\/./.test(spec.forwardAuth.address)) return true;
  return (spec.chain?.middlewares ?? []).some((ref) => authenticates(all.find((o) => o.kind === "Middleware" && o.metadata.name === ref.name), all));
}

/** maxRequestBodyBytes of a buffering middleware, else undefined. */
export const bodyLimit = (m: K8sObject | undefined) => (m?.spec as { buffering?: { maxRequestBodyBytes?: number } } | undefined)?.buffering?.maxRequestBodyBytes;

export const OLLAMA_PORT = 11434;
export const CONSOLE = "ollama-ops";

/** Which system a route's Service is; throws for a backend the tests do not know, so none slips past them. */
export function backendKind(name: string, objects: K8sObject[]): "ollama" | "console" {
  if (name === CONSOLE) return "console";
  const svc = objects.find((o) => o.kind === "Service" && o.metadata.name === name);
  const spec = svc?.spec as { selector?: Record<string, string>; ports?: { port: number }[] } | undefined;
  if (name === "ollama" || spec?.selector?.["app.kubernetes.io/name"] === "ollama" || spec?.ports?.some((p) => p.port === OLLAMA_PORT)) return "ollama";
  throw new Error(`route backend ${name} is neither Ollama nor the console: teach deploy-routes.test.ts what it is`);
}
