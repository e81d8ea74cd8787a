// The exposure check (issue #16): probes EXTERNAL_URL without credentials and without side effects, reads which Traefik
// Middlewares guard the routes to Ollama, and adds the version advisory. Coalesced: viewers never multiply the probes.
import "server-only";
import { watched, watchedDeployment } from "../../doors/kubernetes/cache";
import { isApiMissing } from "../../doors/kubernetes/errors";
import { listTraefikMiddlewares } from "../../doors/kubernetes/middlewares";
import type { RouteSummary } from "../../doors/kubernetes/network";
import { refresher } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { isAppError } from "../../doors/runtime/errors";
import { readVersion } from "../../doors/ollama/cache";
import { pickService } from "../overview/access";
import { checkVersion } from "./advisory";
import { assess } from "./assess";
import { PROBES, runProbe } from "./probe";
import type { ExposureReport, MiddlewareInfo, MiddlewareType, ProbeEvidence, RouteGuard } from "../../shared/exposure/types";

const REFRESH_MS = 15_000;
const reports = registerCache("exposure report", refresher<ExposureReport>(REFRESH_MS));

const KNOWN: MiddlewareType[] = ["basicAuth", "forwardAuth", "digestAuth", "ipAllowList", "ipWhiteList", "rateLimit"];

interface MiddlewareObject {
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown> & { forwardAuth?: { address?: string } };
}

/** The Traefik Middlewares in the namespace; `error` says why they could not be read (CRD missing, forbidden…). */
export async function readMiddlewares(target: Target): Promise<{ items: MiddlewareObject[]; error: string | undefined }> {
  try {
    return { items: (await listTraefikMiddlewares(target)) as MiddlewareObject[], error: undefined };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { items: [], error: isApiMissing(err) || err.code === "not_found" ? "the Traefik Middleware CRD is not installed" : err.message };
  }
}

function guardOf(route: RouteSummary, namespace: string, middlewares: MiddlewareObject[]): RouteGuard {
  const info = (ref: string): MiddlewareInfo => {
    const [ns, name] = ref.includes("/") ? (ref.split("/", 2) as [string, string]) : ["", ref];
    // Ingress annotations say "<namespace>-<name>"; IngressRoutes say "<namespace>/<name>" ("" = the route's own).
    const found = middlewares.find((m) =>
      ref.includes("/") ? m.metadata?.name === name && (m.metadata?.namespace ?? namespace) === (ns || namespace) : `${m.metadata?.namespace ?? namespace}-${m.metadata?.name}` === ref,
    );
    const types = found ? Object.keys(found.spec ?? {}).map((k) => (KNOWN.includes(k as MiddlewareType) ? (k as MiddlewareType) : "other")) : undefined;
    return { ref: ns ? ref : `${namespace}/${name}`, types, address: found?.spec?.forwardAuth?.address };
  };
  return { kind: route.kind, name: route.name, hosts: route.hosts, middlewares: route.middlewares.map(info) };
}

async function routesToOllama(target: Target): Promise<RouteSummary[]> {
  const optional = (p: Promise<{ items: RouteSummary[] }>) => p.then((w) => w.items).catch(() => [] as RouteSummary[]);
  const [{ deployment }, services, ingresses, ingressRoutes] = await Promise.all([
    watchedDeployment(target),
    watched(target, "services"),
    optional(watched(target, "ingresses")),
    optional(watched(target, "ingressRoutes")),
  ]);
  const svc = pickService(services.items, deployment.templateLabels, deployment.name);
  return svc ? [...ingresses, ...ingressRoutes].filter((r) => r.services.includes(svc.name)) : [];
}

/** Runs the check now (no coalescing): routes, Middlewares, probes of `externalUrl` (none if undefined), advisory. */
export async function checkExposure(target: Target, externalUrl: string | undefined): Promise<ExposureReport> {
  const [routes, middlewares, probes, version] = await Promise.all([
    routesToOllama(target),
    readMiddlewares(target),
    // One after another: a probe run is a handful of small requests, never a burst at the public address.
    (async () => {
      const out: ProbeEvidence[] = [];
      if (externalUrl) for (const spec of PROBES) out.push(await runProbe(externalUrl, spec));
      return out;
    })(),
    readVersion(target).catch(() => undefined),
  ]);
  const guards = routes.map((r) => guardOf(r, target.namespace, middlewares.items));
  const verdict = assess(probes, guards);
  return {
    ...verdict,
    externalUrl,
    probes,
    routes: guards,
    middlewareError: middlewares.error,
    advisory: version ? checkVersion(version.version) : undefined,
    checkedAt: new Date().toISOString(),
  };
}

/** The current exposure report (refreshed every 15 s while read). Throws AppError only if the Deployment cannot be read. */
export function exposureReport(target: Target): Promise<ExposureReport> {
  const externalUrl = config().externalUrl;
  return reports.get(`${target.context ?? ""}|${target.namespace}|${externalUrl ?? ""}`, () => checkExposure(target, externalUrl));
}
