// Optional probe of EXTERNAL_URL (the public address through Traefik), coalesced so viewers do not multiply it.
import "server-only";
import { refresher } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { probeUrl } from "../../doors/ollama/probe";
import type { ProbeResult } from "../../shared/overview/types";

const PROBE_REFRESH_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;
const probes = registerCache("external URL probe", refresher<ProbeResult>(PROBE_REFRESH_MS));

/** A 2xx/3xx, or 401/403 from an auth middleware in front of Ollama, means the path works; 404 and 5xx mean a broken route. */
export function probeOk(status: number): boolean {
  return status < 400 || status === 401 || status === 403;
}

async function probe(url: string): Promise<ProbeResult> {
  const time = new Date().toISOString();
  const answer = await probeUrl(url, { method: "GET", timeoutMs: PROBE_TIMEOUT_MS });
  return { url, ok: answer.status !== undefined && probeOk(answer.status), ...answer, time };
}

/** GET `url`, refreshed every 15 s while read; never throws. */
export function probeExternal(url: string): Promise<ProbeResult> {
  return probes.get(url, () => probe(url));
}
