// Registry manifests (api-facts A6): what a model consists of before Ollama downloads it, for the pull pre-flight.
import "server-only";
import { createHash } from "node:crypto";
import { AppError, networkReason } from "../runtime/errors";
import type { Blob } from "../../features/disk/fit";
import { displayName, type ModelRef } from "../../shared/ollama/names";

const ACCEPT = "application/vnd.docker.distribution.manifest.v2+json";
const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1 << 20;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface RegistryManifest {
  /** Layers then config: everything Ollama downloads for this tag. */
  blobs: Blob[];
  /** sha256 hex of the manifest bytes: equals `/api/tags` digest when the installed copy is this version. */
  digest: string;
  url: string;
}

/** Where manifests may come from: hosts on the allow-list (PULL_REGISTRIES), each through its mirror if one is configured. */
export interface RegistryAccess {
  mirrors: Readonly<Record<string, string>>;
  allowed: readonly string[];
}

/** Whether the console may contact registry `host` at all (the same allow-list as pulls). */
export function registryAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((r) => r.toLowerCase() === host.toLowerCase());
}

/** Base URL for a registry host: a configured mirror (tests, demo, air-gapped) or https://<host>. */
export function registryBase(host: string, mirrors: Readonly<Record<string, string>>): string {
  return mirrors[host.toLowerCase()] ?? `https://${host}`;
}

function parseBlob(value: unknown): Blob | undefined {
  const b = value as { digest?: unknown; size?: unknown } | null;
  if (typeof b !== "object" || b === null) return undefined;
  if (typeof b.digest !== "string" || !DIGEST.test(b.digest)) return undefined;
  if (typeof b.size !== "number" || !Number.isSafeInteger(b.size) || b.size < 0) return undefined;
  return { digest: b.digest, size: b.size };
}

/** Manifest text → its blobs; undefined when it is not an Ollama image manifest. */
export function parseManifest(text: string): Blob[] | undefined {
  let doc: { layers?: unknown; config?: unknown } | null;
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null || !Array.isArray(doc.layers)) return undefined;
  const blobs = [...(doc.layers as unknown[]), doc.config].map(parseBlob);
  return blobs.every((b): b is Blob => b !== undefined) ? blobs : undefined;
}

/**
 * GET {registry}/v2/{namespace}/{model}/manifests/{tag}, only from an allowed registry: an installed model's name may carry
 * any host, and the console must not be made to call it. Throws AppError (system "registry") with a reason an operator can act on.
 */
export async function fetchManifest(ref: ModelRef, access: RegistryAccess): Promise<RegistryManifest> {
  const name = displayName(ref);
  const { res, url } = await requestManifest(ref, access, "GET");
  const length = Number(res.headers.get("content-length") ?? 0);
  if (length > MAX_BYTES) throw new AppError("upstream", `Registry ${ref.host} sent a ${length}-byte manifest; expected a small JSON document`, "registry");
  const text = await res.text();
  const blobs = text.length <= MAX_BYTES ? parseManifest(text) : undefined;
  if (!blobs) throw new AppError("upstream", `Registry ${ref.host} sent something that is not an Ollama model manifest for ${name}`, "registry");
  return { blobs, digest: createHash("sha256").update(text).digest("hex"), url };
}

/** One manifest request to an allowed registry; throws AppError for a refused host, a network failure or a non-2xx answer. */
async function requestManifest(ref: ModelRef, access: RegistryAccess, method: "GET" | "HEAD"): Promise<{ res: Response; url: string }> {
  const name = displayName(ref);
  if (!registryAllowed(ref.host, access.allowed)) {
    throw new AppError("invalid", `Registry ${ref.host} is not on the allow-list (PULL_REGISTRIES); its manifest for ${name} was not read`, "console");
  }
  const url = `${registryBase(ref.host, access.mirrors)}/v2/${ref.namespace}/${ref.model}/manifests/${ref.tag}`;
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { Accept: ACCEPT }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const reason = networkReason(err) ?? (err instanceof Error ? err.message : String(err));
    throw new AppError("unreachable", `Registry ${ref.host} unreachable: ${reason}`, "registry", { cause: err });
  }
  if (res.status === 404) throw new AppError("not_found", `${ref.host} has no model ${name} (check the name and tag)`, "registry");
  if (res.status === 401 || res.status === 403) {
    throw new AppError("unauthorized", `${ref.host} wants credentials for ${name} (HTTP ${res.status}); the console reads public manifests only`, "registry");
  }
  if (!res.ok) throw new AppError("upstream", `Registry ${ref.host} answered HTTP ${res.status} for ${name}`, "registry");
  return { res, url };
}

/**
 * HEAD of the manifest: the digest the registry names in `Ollama-Content-Digest` (else `Docker-Content-Digest`) as sha256
 * hex, or undefined when it sends neither. Cheap: an unchanged tag needs no GET. Throws AppError like fetchManifest.
 */
export async function headManifestDigest(ref: ModelRef, access: RegistryAccess): Promise<string | undefined> {
  const { res } = await requestManifest(ref, access, "HEAD");
  const header = res.headers.get("ollama-content-digest") ?? res.headers.get("docker-content-digest") ?? "";
  const hex = /^(?:sha256:)?([0-9a-f]{64})$/.exec(header.trim().toLowerCase())?.[1];
  return hex;
}
