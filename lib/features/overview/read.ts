// The Overview's widgets, each composed from the shared cluster cache, the coalesced Ollama reads and lib/features/disk.
import "server-only";
import { settle } from "../server/settle";
import { restartHistory, watched, watchedDeployment, watchedPods, type Watched } from "../../doors/kubernetes/cache";
import { ANNOTATION_PREFIX, cacheClaimName } from "../../doors/kubernetes/deployment";
import type { RouteSummary } from "../../doors/kubernetes/network";
import { config, type Target } from "../../doors/runtime/config";
import { diskUsage } from "../disk";
import { spaceBreakdown } from "../disk/breakdown";
import { diskForecast } from "../disk/forecast-source";
import { diskHistory } from "../disk/history";
import { listLoaded, listModels, readVersion } from "../../doors/ollama/cache";
import { accessPath } from "./access";
import { recentWarnings } from "./events";
import { combineFreshness } from "./freshness";
import { apiHealth, cacheHealth, deploymentHealth, SLOW_API_MS } from "./health";
import { failureKind, lastKnownLoaded, rememberLoaded } from "./ollama-state";
import { podRows } from "./pods";
import { probeExternal } from "./probe";
import { serviceCard } from "./service-card";
import type * as Answer from "../../shared/overview/types";

const RESTARTS_SHOWN = 20;

/** How long the strip waits for Ollama's version before it answers "slow, no answer yet" (the read goes on). */
const VERSION_WAIT_MS = 3 * SLOW_API_MS;

/** The Ollama API signal: answered (how fast), still awaited after VERSION_WAIT_MS, or failed with its kind. */
async function apiSignal(target: Target): Promise<Answer.HealthResponse["api"]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<"waiting">((resolve) => (timer = setTimeout(() => resolve("waiting"), VERSION_WAIT_MS)));
  try {
    const v = await Promise.race([readVersion(target), waiting]);
    if (v === "waiting") {
      return { ...apiHealth({ ok: "waiting", waitedMs: Math.round(performance.now() - started) }, target.ollamaUrl), version: undefined, latencyMs: undefined };
    }
    return { ...apiHealth({ ok: true, ...v }, target.ollamaUrl), version: v.version, latencyMs: v.latencyMs };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ...apiHealth({ ok: false, message, kind: failureKind(message) }, target.ollamaUrl), version: undefined, latencyMs: undefined };
  } finally {
    clearTimeout(timer);
  }
}

/** Health strip: Deployment, Ollama API and model cache, each determined (or failing) on its own. */
export async function overviewHealth(target: Target): Promise<Answer.HealthResponse> {
  const deploymentP = watchedDeployment(target);
  const [deployment, version, cache] = await Promise.all([
    settle(deploymentP.then((d) => ({ ...deploymentHealth(d.deployment), freshness: d.freshness }))),
    apiSignal(target),
    settle(
      deploymentP.then(async (d) => {
        const pvc = cacheClaimName(d.deployment, target.cachePvc);
        const [pvcs, pods] = await Promise.all([watched(target, "pvcs"), watchedPods(target)]);
        return { ...cacheHealth(pvc, pvcs.items, pods.items), pvc, freshness: combineFreshness([d.freshness, pvcs.freshness, pods.freshness]) };
      }),
    ),
  ]);
  return { deployment, api: version, cache };
}

/** Pods table plus the restart history the server has kept. */
export async function overviewPods(target: Target): Promise<Answer.PodsResponse> {
  const pods = await watchedPods(target);
  return { pods: podRows(pods.items), restarts: restartHistory(target).slice(0, RESTARTS_SHOWN), freshness: pods.freshness };
}

/** Recent Warning events in the namespace, de-duplicated, newest first. */
export async function overviewEvents(target: Target): Promise<Answer.EventsResponse> {
  const events = await watched(target, "events");
  return { events: recentWarnings(events.items), freshness: events.freshness };
}

/** Routes are optional: a kind that cannot be read shows as stale with its reason instead of failing the widget. */
async function optionalRoutes(p: Promise<Watched<RouteSummary>>): Promise<Watched<RouteSummary>> {
  try {
    return await p;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { items: [], freshness: { synced: false, lastSyncAt: undefined, error, staleSince: undefined, notInstalled: false } };
  }
}

/** Service → endpoints → Ingress/IngressRoute → optional external probe. */
export async function overviewAccess(target: Target): Promise<Answer.AccessResponse> {
  const external = config().externalUrl;
  const [{ deployment, freshness }, services, slices, ingresses, ingressRoutes, probe] = await Promise.all([
    watchedDeployment(target),
    watched(target, "services"),
    watched(target, "endpointSlices"),
    optionalRoutes(watched(target, "ingresses")),
    optionalRoutes(watched(target, "ingressRoutes")),
    external ? probeExternal(external) : undefined,
  ]);
  return accessPath({
    deploymentName: deployment.name,
    templateLabels: deployment.templateLabels,
    services: services.items,
    slices: slices.items,
    routes: [...ingresses.items, ...ingressRoutes.items],
    ingressRoutesInstalled: !ingressRoutes.freshness.notInstalled,
    probe,
    freshness: combineFreshness([freshness, services.freshness, slices.freshness, ingresses.freshness, ingressRoutes.freshness]),
  });
}

/** The documented `ollama-ops.dev/*` annotations; an empty list hides the card. */
export async function overviewServiceCard(target: Target): Promise<Answer.ServiceCardResponse> {
  const { deployment } = await watchedDeployment(target);
  return { fields: serviceCard(deployment.annotations, ANNOTATION_PREFIX) };
}

/** Models in memory with the server's clock; while Ollama cannot be read, the last list read with the error (never a 5xx). */
export async function overviewLoaded(target: Target): Promise<Answer.LoadedResponse> {
  const time = new Date().toISOString();
  const read = await settle(listLoaded(target));
  if (read.ok) {
    rememberLoaded(target.ollamaUrl, read.data, time);
    return { models: read.data, time, error: undefined, asOf: time };
  }
  const known = lastKnownLoaded(target.ollamaUrl);
  return { models: known?.models ?? [], time, error: read.error, asOf: known?.at };
}

/** Disk headroom with its thresholds and what uses the space. */
export async function overviewDisk(target: Target): Promise<Answer.DiskResponse> {
  const { inventory, ...usage } = await diskUsage(target);
  // Without the agent, per-model sizes come from Ollama; if Ollama is down too the chart is simply empty.
  const [models, forecast, pvcs] = await Promise.all([
    inventory ? [] : listModels(target).catch(() => []),
    diskForecast(target).catch(() => null),
    watched(target, "pvcs").catch(() => undefined),
  ]);
  const resize = pvcs?.items.find((p) => p.name === usage.pvcName)?.resize;
  return {
    forecast,
    resize: resize ? { condition: resize.condition, message: resize.message ?? resize.condition, targetBytes: resize.targetBytes ?? null } : null,
    ...usage,
    thresholds: { warnPercent: config().disk.warnPercent, criticalPercent: config().disk.criticalPercent },
    breakdown: spaceBreakdown(usage.usedBytes, inventory, models),
    inventory: inventory && {
      models: inventory.models.length,
      partialDownloads: inventory.partial.downloads.length,
      unreferencedBlobs: inventory.unreferenced.blobs.length,
      errors: inventory.errors,
    },
  };
}

/** Used bytes over the last day. */
export function overviewDiskHistory(target: Target): Promise<Answer.DiskHistory> {
  return diskHistory(target);
}
