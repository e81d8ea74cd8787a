// The shared revocation list as a ConfigMap in the console's namespace (SESSIONS_CONFIGMAP, ollama-ops-sessions by
// default): one key per revoked session id, its value the time the entry may go. Writes are read-modify-write on
// resourceVersion, retried on Conflict, so replicas signing users out at once keep each other's entries.
import "server-only";
import { readConfigMap, updateConfigMap, type ConfigMapDoc } from "../../doors/kubernetes/configmap";
import type { Target } from "../../doors/runtime/config";
import type { Revocations, RevocationStore } from "./revocation";

const ATTEMPTS = 10;
/** ConfigMaps hold at most 1 MiB; at ~60 bytes an entry this leaves ample room, and sign-outs within one idle period stay far below it. */
const MAX_ENTRIES = 10_000;

function parse(cm: ConfigMapDoc | undefined): Revocations {
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

  async load(): Promise<Revocations> {
    return parse(await readConfigMap(this.#target, this.#name));
  }

  async add(entries: Revocations, now: number): Promise<void> {
    await updateConfigMap(
      this.#target,
      this.#name,
      (current) => {
        const merged = [...parse(current), ...entries].filter(([, until]) => until > now).sort((a, b) => b[1] - a[1]);
        return Object.fromEntries(merged.slice(0, MAX_ENTRIES).map(([sid, until]) => [sid, new Date(until).toISOString()]));
      },
      { attempts: ATTEMPTS },
    );
  }
}
