// The three health signals of the Overview strip, derived from summaries: Deployment, Ollama API, model cache mount.
import "server-only";
import type { DeploymentSummary } from "../../doors/kubernetes/deployment";
import type { PodSummary } from "../../doors/kubernetes/pods";
import type { PvcSummary } from "../../doors/kubernetes/pvc";
import { formatBytes } from "../../shared/format";
import { podStatus } from "./pods";
import type { RolloutState, Signal } from "../../shared/overview/types";

/** A latency above this makes the API amber. */
export const SLOW_API_MS = 1_000;

const condition = (d: DeploymentSummary, type: string) => d.conditions.find((c) => c.type === type);

/** kubectl's rollout logic (api-facts B3), plus a stuck rollout (ProgressDeadlineExceeded) and a paused one. */
export function rolloutState(d: DeploymentSummary): RolloutState {
  if (d.paused) return "paused";
  const progressing = condition(d, "Progressing");
  if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") return "stuck";
  const done =
    d.observedGeneration >= d.generation && d.updated === d.desired && d.replicas === d.updated && d.available === d.updated;
  return done ? "complete" : "progressing";
}

/** Kubernetes condition reasons in plain words; the reason itself stays in the signal's detail line. */
const PLAIN_REASON: Record<string, string> = {
  MinimumReplicasUnavailable: "not enough replicas available",
  ProgressDeadlineExceeded: "the new version did not become ready in time",
};

const conditionDetail = (c: { reason: string | undefined; message: string | undefined } | undefined) =>
  c?.reason ? `${c.reason}${c.message ? `: ${c.message}` : ""}` : c?.message;

/** Deployment healthy: available replicas vs desired, the Available condition and the rollout state. */
export function deploymentHealth(d: DeploymentSummary): Signal & { rollout: RolloutState } {
  const rollout = rolloutState(d);
  const available = condition(d, "Available");
  const counts = `${d.available} of ${d.desired} replica${d.desired === 1 ? "" : "s"} available`;
  const signal = (level: Signal["level"], title: string, reason: string, detail?: string) => ({ level, title, reason, rollout, ...(detail ? { detail } : {}) });
  if (d.desired === 0) return signal("warn", "Scaled to zero", "no Ollama pod is meant to run", "spec.replicas is 0");
  if (rollout === "stuck") {
    const progressing = condition(d, "Progressing");
    return signal("bad", "Rollout stuck", `the new version did not become ready in time; ${counts}`, conditionDetail(progressing));
  }
  if (d.available === 0) {
    if (available?.status !== "False") return signal("bad", "Unavailable", counts);
    const plain = PLAIN_REASON[available.reason ?? ""] ?? available.message ?? "unavailable";
    return signal("bad", "Unavailable", `${plain} (${counts})`, conditionDetail(available));
  }
  if (d.available < d.desired) return signal("warn", "Degraded", counts);
  if (rollout === "paused") return signal("warn", "Rollout paused", `${counts}; spec.paused is true`);
  if (rollout === "progressing") {
    return signal("warn", "Rolling out", `${d.updated} of ${d.desired} updated, ${counts}`);
  }
  return signal("ok", "Healthy", `${counts}, rollout complete`);
}

/** "2.3 s" above a second, "840 ms" below. */
const took = (ms: number) => (ms >= 1_000 ? `${(ms / 1_000).toFixed(1).replace(/\.0$/, "")} s` : `${ms} ms`);

/** What the console did to reach Ollama, and where to look when that fails. */
export const OLLAMA_HINT = "check OLLAMA_URL and the Ollama Service (its selector and ports)";

/**
 * API responsive: answered /api/version (and how fast), "slow (N s)" while an answer takes longer than SLOW_API_MS —
 * or is still awaited — and "not responding" with the kind of failure, the URL called and the hint when it failed.
 */
export function apiHealth(
  result: { ok: true; version: string; latencyMs: number } | { ok: false; message: string; kind?: string } | { ok: "waiting"; waitedMs: number },
  url?: string,
): Signal {
  const at = url ? `GET ${url}/api/version` : undefined;
  if (result.ok === "waiting") {
    return { level: "warn", title: `Slow (> ${took(result.waitedMs)})`, reason: `no answer yet after ${took(result.waitedMs)}`, ...(at ? { detail: at } : {}) };
  }
  if (!result.ok) {
    return { level: "bad", title: "Not responding", reason: result.message, ...(at ? { detail: `${at}${result.kind ? ` → ${result.kind}` : ""}; ${OLLAMA_HINT}` } : {}) };
  }
  if (result.latencyMs > SLOW_API_MS) {
    return { level: "warn", title: `Slow (${took(result.latencyMs)})`, reason: `version ${result.version} answered in ${took(result.latencyMs)}` };
  }
  return { level: "ok", title: "Responsive", reason: `version ${result.version} answered in ${result.latencyMs} ms` };
}

/** Model cache mounted: the cache PVC exists, is Bound, and a running Ollama pod has it as a volume. */
export function cacheHealth(claim: string | undefined, pvcs: PvcSummary[], pods: PodSummary[]): Signal {
  if (!claim) {
    return {
      level: "warn",
      title: "No cache volume",
      reason: "no PersistentVolumeClaim among the Deployment's volumes: models live on ephemeral storage (set CACHE_PVC if this is wrong)",
    };
  }
  const pvc = pvcs.find((p) => p.name === claim);
  if (!pvc) return { level: "bad", title: "PVC missing", reason: `PersistentVolumeClaim ${claim} does not exist` };
  if (pvc.phase !== "Bound") return { level: "bad", title: `PVC ${pvc.phase}`, reason: `PersistentVolumeClaim ${claim} is ${pvc.phase}, not Bound` };
  const size = pvc.capacityBytes !== undefined ? ` (${formatBytes(pvc.capacityBytes)})` : "";
  const claimants = pods.filter((p) => !p.deleting && p.claims.some((c) => c.claimName === claim));
  const running = claimants.find((p) => p.phase === "Running" && p.containers.some((c) => !c.init && c.state === "running"));
  if (running) return { level: "ok", title: "Mounted", reason: `${claim}${size} is Bound and mounted by ${running.name}` };
  const waiting = claimants[0];
  return {
    level: "warn",
    title: "Not mounted",
    reason: waiting
      ? `${claim}${size} is Bound, but no Ollama container is running with it (${waiting.name}: ${podStatus(waiting).status})`
      : `${claim}${size} is Bound, but no Ollama pod uses it`,
  };
}
