// One ConfigMap followed by name with `get` then `watch` (a field selector on its name), the only verbs the Role grants on it.
import "server-only";
import type { V1ConfigMap } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeError } from "./errors";
import { kubeWatch } from "./watch";

/** What the watcher knows: the ConfigMap's data (undefined = it does not exist), or why it cannot tell. */
export type WatchedConfigMap =
  | { state: "present"; data: Record<string, string>; resourceVersion: string }
  | { state: "absent" }
  | { state: "error"; message: string };

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** GET the ConfigMap by name; absent on 404. Throws AppError otherwise. */
export async function readConfigMap(target: Target, name: string): Promise<WatchedConfigMap> {
  try {
    const cm = await kube(target).core.readNamespacedConfigMap({ name, namespace: target.namespace });
    return { state: "present", data: cm.data ?? {}, resourceVersion: cm.metadata?.resourceVersion ?? "" };
  } catch (err) {
    const e = kubeError(err, `reading ConfigMap ${target.namespace}/${name}`);
    if (e.code === "not_found") return { state: "absent" };
    throw e;
  }
}

/**
 * Calls `onChange` with the ConfigMap now and after every change until `signal` aborts: a GET, then a watch from its
 * resourceVersion; when the watch ends (expiry, API server restart) it starts again with a GET, with backoff on errors.
 */
export function followConfigMap(target: Target, name: string, onChange: (cm: WatchedConfigMap) => void, signal: AbortSignal): void {
  const namespace = target.namespace;
  let failures = 0;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  const once = async (): Promise<void> => {
    const now = await readConfigMap(target, name);
    onChange(now);
    failures = 0;
    const resourceVersion = now.state === "present" ? now.resourceVersion : "";
    await new Promise<void>((resolve, reject) => {
      let request: { abort(): void } | undefined;
      const stop = () => request?.abort();
      signal.addEventListener("abort", stop, { once: true });
      kubeWatch(target)(
        `/api/v1/namespaces/${namespace}/configmaps`,
        { fieldSelector: `metadata.name=${name}`, ...(resourceVersion ? { resourceVersion } : {}) },
        (type: string, obj: unknown) => {
          const cm = obj as V1ConfigMap;
          if (type === "ADDED" || type === "MODIFIED") onChange({ state: "present", data: cm.data ?? {}, resourceVersion: cm.metadata?.resourceVersion ?? "" });
          else if (type === "DELETED") onChange({ state: "absent" });
        },
        (err: unknown) => {
          signal.removeEventListener("abort", stop);
          if (err && !signal.aborted) reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
          else resolve();
        },
      )
        .then((r) => {
          request = r;
          if (signal.aborted) r.abort();
        }, (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    });
  };
  void (async () => {
    while (!signal.aborted) {
      try {
        await once();
        // A watch the API server closes at once must not turn into a tight loop of GETs.
        await pause(250);
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        onChange({ state: "error", message: kubeError(err, `watching ConfigMap ${namespace}/${name}`).message });
        await pause(Math.min(BACKOFF_FIRST_MS * 2 ** (failures - 1), BACKOFF_MAX_MS));
      }
    }
  })();
}
