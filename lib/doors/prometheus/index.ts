// kubelet_volume_stats_* for the cache PVC from Prometheus (PROMETHEUS_URL): the current values and a range for the chart.
import "server-only";
import { AppError, networkReason } from "../runtime/errors";

const PROMETHEUS_TIMEOUT_MS = 5_000;

export interface VolumeStats {
  capacityBytes: number;
  usedBytes: number;
  availableBytes: number;
  time: string;
}

interface PromResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] };
}

async function promGet(baseUrl: string, path: string, params: Record<string, string>): Promise<NonNullable<PromResponse["data"]>> {
  const url = `${baseUrl}${path}?${new URLSearchParams(params).toString()}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(PROMETHEUS_TIMEOUT_MS), headers: { Accept: "application/json" } });
  } catch (err) {
    throw new AppError("unreachable", `Prometheus unreachable: ${networkReason(err) ?? "fetch failed"}`, "prometheus", { cause: err });
  }
  let body: PromResponse | undefined;
  try {
    body = (await res.json()) as PromResponse;
  } catch {
    body = undefined;
  }
  if (!res.ok || body?.status !== "success" || !body.data) {
    throw new AppError("upstream", `Prometheus query failed (HTTP ${res.status})${body?.error ? `: ${body.error}` : ""}`, "prometheus");
  }
  return body.data;
}

/** The PromQL selector for one PVC's kubelet volume stats. */
export function volumeSelector(namespace: string, pvc: string): string {
  return `{namespace="${namespace}",persistentvolumeclaim="${pvc}"}`;
}

/** Current capacity/used/available of the PVC (max over series: a volume mounted on two nodes reports twice). */
export async function promVolumeStats(baseUrl: string, namespace: string, pvc: string): Promise<VolumeStats> {
  const sel = volumeSelector(namespace, pvc);
  const query = async (metric: string) => {
    const data = await promGet(baseUrl, "/api/v1/query", { query: `max(kubelet_volume_stats_${metric}_bytes${sel})` });
    const v = data.result?.[0]?.value;
    if (!v) throw new AppError("not_found", `Prometheus has no kubelet_volume_stats_${metric}_bytes for PVC ${namespace}/${pvc}`, "prometheus");
    return { value: Number(v[1]), time: new Date(v[0] * 1000).toISOString() };
  };
  const [capacity, used, available] = await Promise.all([query("capacity"), query("used"), query("available")]);
  return { capacityBytes: capacity.value, usedBytes: used.value, availableBytes: available.value, time: used.time };
}

/** used and capacity over the last `seconds`, one point per `stepSeconds`. */
export async function promVolumeRange(
  baseUrl: string,
  namespace: string,
  pvc: string,
  seconds: number,
  stepSeconds: number,
): Promise<{ t: string; usedBytes: number; capacityBytes: number }[]> {
  const sel = volumeSelector(namespace, pvc);
  const end = Math.floor(Date.now() / 1000);
  const range = { start: String(end - seconds), end: String(end), step: String(stepSeconds) };
  const series = async (metric: string) => {
    const data = await promGet(baseUrl, "/api/v1/query_range", { ...range, query: `max(kubelet_volume_stats_${metric}_bytes${sel})` });
    return new Map((data.result?.[0]?.values ?? []).map(([t, v]) => [t, Number(v)]));
  };
  const [used, capacity] = await Promise.all([series("used"), series("capacity")]);
  return [...used].map(([t, usedBytes]) => ({ t: new Date(t * 1000).toISOString(), usedBytes, capacityBytes: capacity.get(t) ?? 0 }));
}
