// The shared revocation list as a ConfigMap in the console's namespace (SESSIONS_CONFIGMAP, ollama-ops-sessions by
// default): one key per revoked session id, its value the time the entry may go. Writes are read-modify-write on
// resourceVersion, retried on Conflict, so replicas signing users out at once keep each other's entries.
import "server-only";
import type { V1ConfigMap } from "@kubernetes/client-node";
import { kube } from "../cluster/client";
import { kubeError } from "../cluster/errors";
import type { Target } from "../config";
import type { Revocations, RevocationStore } from "./revocation";

const ATTEMPTS = 10;
/** ConfigMaps hold at most 1 MiB; at ~60 bytes an entry this leaves ample room, and sign-outs within one idle period stay far below it. */
const MAX_ENTRIES = 10_000;

function parse(cm: V1ConfigMap | undefined): Revocations {
  const out: Revocations = new Map();
  for (const [sid, value] of Object.entries(cm?.data ?? {})) {
    const until = Date.parse(value);
    if (/^[A-Za-z0-9_-]{16,64}$/.test(sid) && Number.isFinite(until)) out.set(sid, until);
  }
  return out;
}

export class ConfigMapRevocationStore implements RevocationStore {
  readonly #target: Target;
  readonly #name: string;

  constructor(target: Target, name: string) {
    this.#target = target;
    this.#name = name;
  }

  async #read(): Promise<V1ConfigMap | undefined> {
    try {
      return await kube(this.#target).core.readNamespacedConfigMap({ name: this.#name, namespace: this.#target.namespace });
    } catch (err) {
      const e = kubeError(err, `reading ConfigMap ${this.#target.namespace}/${this.#name}`);
      if (e.code === "not_found") return undefined;
      throw e;
    }
  }

  async load(): Promise<Revocations> {
    return parse(await this.#read());
  }

  async add(entries: Revocations, now: number): Promise<void> {
    const { core } = kube(this.#target);
    const namespace = this.#target.namespace;
    for (let attempt = 1; ; attempt++) {
      const current = await this.#read();
      const merged = [...parse(current), ...entries].filter(([, until]) => until > now).sort((a, b) => b[1] - a[1]);
      const data = Object.fromEntries(merged.slice(0, MAX_ENTRIES).map(([sid, until]) => [sid, new Date(until).toISOString()]));
      try {
        if (current?.metadata?.resourceVersion) {
          await core.replaceNamespacedConfigMap({ name: this.#name, namespace, body: { ...current, data } });
        } else {
          await core.createNamespacedConfigMap({
            namespace,
            body: {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: { name: this.#name, namespace, labels: { "app.kubernetes.io/managed-by": "ollama-ops" } },
              data,
            },
          });
        }
        return;
      } catch (err) {
        const e = kubeError(err, `writing ConfigMap ${namespace}/${this.#name}`);
        // Conflict (written since our read) and AlreadyExists (created since our read) both mean: read again.
        if (e.code !== "conflict" || attempt >= ATTEMPTS) throw e;
        // Replicas that collided would collide again in lockstep: retry after a short random pause.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
      }
    }
  }
}
