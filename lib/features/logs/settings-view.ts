// The Settings page's data: the Deployment's OLLAMA_* env next to the running process's `server config` line, and the
// patch + KV-cache hint for a change. Coalesced: any number of viewers cost one Deployment read per 2 s.
import "server-only";
import { readOllamaContainerSpec } from "../../doors/kubernetes/logs";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import type { Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { logHub } from "./";
import { debugWarning, type DebugWarning } from "./debug";
import { invalidValue, kustomizePatch, kvCacheBytes, settingRows, SETTINGS, type SettingRow } from "./settings";
import type { FollowStatus } from "../../shared/logs/types";

export interface SettingsView {
  deployment: string;
  namespace: string;
  container: string;
  rows: SettingRow[];
  /** The running values come from this line; undefined when the log has not shown it (rotated away, not following). */
  runningSince: string | undefined;
  /** How many rows disagree: "spec ≠ running: a rollout is pending or failed". */
  differences: number;
  debug: DebugWarning | undefined;
  follow: FollowStatus;
}

// Assembled from the shared log follow and Ollama's 2 s reads: 2 s matches them, one assembly whatever the tabs.
const views = registerCache("effective settings view", coalescer<SettingsView>(2_000));

/** Spec vs running for every explained setting. Throws AppError when the Deployment cannot be read. */
export function settingsView(target: Target): Promise<SettingsView> {
  return views.get(`${target.context ?? ""}|${target.namespace}|${target.deployment}`, async () => {
    const [spec, { signals, status }] = await Promise.all([readOllamaContainerSpec(target), logHub(target).signals()]);
    const rows = settingRows(spec.env, signals.config?.env);
    return {
      deployment: spec.deployment,
      namespace: spec.namespace,
      container: spec.container,
      rows,
      runningSince: signals.config?.time,
      differences: rows.filter((r) => r.status === "differs").length,
      debug: debugWarning(spec.env),
      follow: status,
    };
  });
}

export interface PatchResult {
  patch: string;
  /** KV cache estimates per loaded model (from its last load's KV lines), or a reference figure. */
  memory: { model: string; currentBytes: number | undefined; estimateBytes: number | undefined; basis: string }[];
}

/** Reference shape when no loaded model tells us its KV size: a Llama 3.1 8B (32 layers, 8 KV heads × 128). */
const REFERENCE = { name: "an 8B Llama-class model", blockCount: 32, kvWidth: 1024 };
const KV_FACTOR: Record<string, number> = { "": 1, f16: 1, q8_0: 34 / 64, q4_0: 18 / 64 };

/** Validates the changes and builds the Kustomize patch and memory hint. Throws AppError invalid naming the bad value. */
export async function settingsPatch(
  target: Target,
  changes: Record<string, string>,
  loaded: { name: string; contextLength: number | undefined; kvBytes: number | undefined }[],
): Promise<PatchResult> {
  const known = new Map(SETTINGS.map((s) => [s.name, s]));
  for (const [name, value] of Object.entries(changes)) {
    const info = known.get(name);
    if (!info) throw new AppError("invalid", `${name} is not a setting this page changes`);
    const bad = invalidValue(info, value);
    if (bad) throw new AppError("invalid", bad);
  }
  const view = await settingsView(target);
  const current = (name: string) => {
    const row = view.rows.find((r) => r.name === name);
    return row?.running ?? (row?.spec && "value" in row.spec ? row.spec.value : undefined) ?? row?.defaultValue ?? "";
  };
  const num = (v: string, fallback: number) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? Number(v) : fallback);
  const parallelNow = num(current("OLLAMA_NUM_PARALLEL"), 1);
  const parallel = num(changes.OLLAMA_NUM_PARALLEL ?? current("OLLAMA_NUM_PARALLEL"), 1);
  const typeNow = current("OLLAMA_KV_CACHE_TYPE").trim();
  const type = (changes.OLLAMA_KV_CACHE_TYPE ?? typeNow).trim();
  const ctxSetting = changes.OLLAMA_CONTEXT_LENGTH ?? current("OLLAMA_CONTEXT_LENGTH");
  const memory = loaded.map((m) => {
    const ctxNow = m.contextLength;
    const ctx = num(ctxSetting, ctxNow ?? 4096);
    const estimate =
      m.kvBytes !== undefined && ctxNow
        ? Math.round(m.kvBytes * (ctx / ctxNow) * (parallel / parallelNow) * ((KV_FACTOR[type] ?? 1) / (KV_FACTOR[typeNow] ?? 1)))
        : undefined;
    return {
      model: m.name,
      currentBytes: m.kvBytes,
      estimateBytes: estimate,
      basis: m.kvBytes !== undefined && ctxNow ? `its last load: KV cache at ${ctxNow} tokens × ${parallelNow} parallel` : "its load lines do not show a KV cache size (unknown)",
    };
  });
  if (memory.every((m) => m.estimateBytes === undefined)) {
    const ctx = num(ctxSetting, 4096);
    memory.push({
      model: REFERENCE.name,
      currentBytes: undefined,
      estimateBytes: kvCacheBytes(REFERENCE, ctx, parallel, type === "" ? "f16" : type),
      basis: `NUM_PARALLEL ${parallel} × ${ctx} tokens × 128 KiB per token at f16 (32 layers × 8 KV heads × 128 × K and V × 2 bytes)`,
    });
  }
  return { patch: kustomizePatch({ name: view.deployment, namespace: view.namespace, container: view.container }, changes), memory };
}
