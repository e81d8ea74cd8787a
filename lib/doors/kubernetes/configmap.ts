// Small shared state in ConfigMaps of the namespace (the pull journal, signed-out sessions, API keys): one read, one
// read-modify-write on resourceVersion retried on Conflict, and one watch, instead of a copy in every feature module.
import "server-only";
import type { V1ConfigMap } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { processWide } from "../runtime/process-wide";
import { kube } from "./client";
import { kubeError } from "./errors";
import { Reflector } from "./reflector";
import { kubeWatch } from "./watch";

export type ConfigMapData = Record<string, string>;

/** A ConfigMap as the stores read it: the door's own shape, so no vendor type leaves lib/doors (client-node's fits it). */
export interface ConfigMapDoc {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; annotations?: Record<string, string> };
  data?: ConfigMapData;
}

/** The ConfigMap, or undefined when it does not exist yet. Throws AppError for anything else. */
export async function readConfigMap(target: Target, name: string): Promise<V1ConfigMap | undefined> {
  try {
    return await kube(target).core.readNamespacedConfigMap({ name, namespace: target.namespace });
  } catch (err) {
    const e = kubeError(err, `reading ConfigMap ${target.namespace}/${name}`);
    if (e.code === "not_found") return undefined;
    throw e;
  }
}

export interface UpdateOptions {
  /** Tries before a Conflict is given up (default 5). */
  attempts?: number;
  /** Replicas that collided collide again in lockstep: pause up to this × attempt (ms) before a retry (default 50). */
  jitterMs?: number;
}

/** Writes of this process, one after another per ConfigMap, so the process never races itself. */
const chains = processWide("configmap-chains", () => new Map<string, Promise<unknown>>());

/**
 * Read-modify-write of ConfigMap `name`: `change` gets the current object (undefined if missing) and returns its new
 * `data` (undefined = leave it as it is). Guarded by resourceVersion; a Conflict (or AlreadyExists on create) reads
 * again. Writes from this process to the same ConfigMap run in order. Resolves with what `change` returned.
 */
export function updateConfigMap(
  target: Target,
  name: string,
  change: (current: V1ConfigMap | undefined) => ConfigMapData | undefined,
  options: UpdateOptions = {},
): Promise<ConfigMapData | undefined> {
  const key = `${target.context ?? ""}|${target.namespace}|${name}`;
  const run = (chains.get(key) ?? Promise.resolve()).then(() => write(target, name, change, options));
  const tail = run.catch(() => undefined);
  chains.set(key, tail);
  void tail.then(() => chains.get(key) === tail && chains.delete(key));
  return run;
}

async function write(
  target: Target,
  name: string,
  change: (current: V1ConfigMap | undefined) => ConfigMapData | undefined,
  { attempts = 5, jitterMs = 50 }: UpdateOptions,
): Promise<ConfigMapData | undefined> {
  const { core } = kube(target);
  const namespace = target.namespace;
  for (let attempt = 1; ; attempt++) {
    const current = await readConfigMap(target, name);
    const data = change(current);
    if (data === undefined) return undefined;
    try {
      if (current?.metadata?.resourceVersion) {
        await core.replaceNamespacedConfigMap({ name, namespace, body: { ...current, data } });
      } else {
        await core.createNamespacedConfigMap({
          namespace,
          body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels: { "app.kubernetes.io/managed-by": "ollama-ops" } }, data },
        });
      }
      return data;
    } catch (err) {
      const e = kubeError(err, `writing ConfigMap ${namespace}/${name}`);
      // Conflict (written since our read) and AlreadyExists (created since our read) both mean: read again.
      if (e.code !== "conflict" || attempt >= attempts) throw e;
      if (jitterMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * jitterMs * attempt));
    }
  }
}

/**
 * A list+watch of the one ConfigMap `name` (RBAC grants list/watch on it by name; the API server allows that exactly
 * when the field selector names it). `onChange` runs on every version seen. Call `start()` on the result.
 */
export function watchConfigMap<T>(target: Target, name: string, summarize: (cm: V1ConfigMap) => T, onChange?: (summary: T) => void): Reflector<T> {
  const namespace = target.namespace;
  const fieldSelector = `metadata.name=${name}`;
  return new Reflector<T>({
    what: `ConfigMap ${namespace}/${name}`,
    path: `/api/v1/namespaces/${namespace}/configmaps`,
    fieldSelector,
    list: async () => {
      const list = await kube(target).core.listNamespacedConfigMap({ namespace, fieldSelector });
      return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? "" };
    },
    watch: kubeWatch(target),
    summarize: (raw) => summarize(raw as V1ConfigMap),
    ...(onChange ? { observe: onChange } : {}),
  });
}
