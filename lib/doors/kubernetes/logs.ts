// The door to container logs (`get pods/log`): one-shot reads and a streaming follow, plus the Ollama container's env
// from the Deployment spec. Lines always carry the kubelet's timestamp, so a follow can resume where it broke off.
import "server-only";
import { Writable } from "node:stream";
import { Log, type V1Container, type V1EnvVar } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { AppError } from "../runtime/errors";
import { kube } from "./client";
import { kubeError } from "./errors";

export interface LogRequest {
  pod: string;
  container: string;
  tailLines?: number;
  previous?: boolean;
  sinceSeconds?: number;
  /** Caps the bytes read (a log can be 10 MiB before the kubelet rotates it). */
  limitBytes?: number;
}

/** Reads a container's log once (timestamps on). Throws AppError with the kubelet's reason. */
export async function readPodLog(target: Target, req: LogRequest): Promise<string> {
  try {
    return await kube(target).core.readNamespacedPodLog({
      name: req.pod,
      namespace: target.namespace,
      container: req.container,
      tailLines: req.tailLines,
      previous: req.previous,
      sinceSeconds: req.sinceSeconds,
      limitBytes: req.limitBytes,
      timestamps: true,
    });
  } catch (err) {
    throw kubeError(err, `reading the log of ${req.pod}/${req.container}`);
  }
}

export interface FollowHandle {
  abort(): void;
}

export interface FollowRequest {
  pod: string;
  container: string;
  /** RFC 3339: resume after a broken connection (the kubelet compares inclusively; the caller drops repeats). */
  sinceTime?: string;
  tailLines?: number;
}

/**
 * Follows a container's log: `onText` gets raw chunks, `onEnd` is called once when the stream ends (container stopped,
 * connection lost, aborted). Rejects with AppError if the API server refuses the request.
 */
export async function followPodLog(target: Target, req: FollowRequest, onText: (chunk: string) => void, onEnd: (err?: unknown) => void): Promise<FollowHandle> {
  let ended = false;
  const end = (err?: unknown) => {
    if (ended) return;
    ended = true;
    onEnd(err);
  };
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _enc, done) {
      onText(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      done();
    },
  });
  sink.on("finish", () => end());
  sink.on("close", () => end());
  sink.on("error", (err) => end(err));
  // client-node pipes the response body into the sink but never listens for the body's errors: a dropped connection
  // would be an unhandled 'error' event (a crash) and the sink would never hear of it. Listen on the source it pipes.
  sink.on("pipe", (source: NodeJS.ReadableStream) => {
    source.on("error", (err) => end(err));
    source.on("close", () => end());
  });
  try {
    const controller = await new Log(kube(target).kc).log(target.namespace, req.pod, req.container, sink, {
      follow: true,
      timestamps: true,
      tailLines: req.tailLines,
      sinceTime: req.sinceTime,
    });
    return {
      abort() {
        controller.abort();
        sink.destroy();
        end();
      },
    };
  } catch (err) {
    ended = true;
    sink.destroy();
    // client-node drops the body of a 400 (api-facts B5): the usual cause is a container that is not running.
    const code = (err as { code?: unknown }).code;
    if (code === 400) throw new AppError("unavailable", `the ${req.container} container of ${req.pod} is not running, so its log cannot be followed`, "kubernetes", { cause: err });
    throw kubeError(err, `following the log of ${req.pod}/${req.container}`);
  }
}

/** How the Deployment sets one env variable: a literal value, or a reference that is never resolved here. */
export type SpecEnvValue = { value: string } | { from: string };

export interface OllamaContainerSpec {
  deployment: string;
  namespace: string;
  container: string;
  env: Record<string, SpecEnvValue>;
}

function envValue(e: V1EnvVar): SpecEnvValue {
  if (e.value !== undefined) return { value: e.value };
  const ref = e.valueFrom;
  if (ref?.secretKeyRef) return { from: `Secret ${ref.secretKeyRef.name ?? ""} key ${ref.secretKeyRef.key}` };
  if (ref?.configMapKeyRef) return { from: `ConfigMap ${ref.configMapKeyRef.name ?? ""} key ${ref.configMapKeyRef.key}` };
  if (ref?.fieldRef) return { from: `field ${ref.fieldRef.fieldPath}` };
  return { value: "" };
}

/** The Ollama container: the one named "ollama", else the first (sidecars such as the cache agent come after it). */
export function pickOllamaContainer<C extends { name: string }>(containers: readonly C[]): C | undefined {
  return containers.find((c) => c.name === "ollama") ?? containers[0];
}

/** The Ollama container's name and OLLAMA_* env in the Deployment's pod template (envFrom is listed as unknown). */
export async function readOllamaContainerSpec(target: Target): Promise<OllamaContainerSpec> {
  let containers: V1Container[];
  try {
    const d = await kube(target).apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace });
    containers = d.spec?.template.spec?.containers ?? [];
  } catch (err) {
    throw kubeError(err, `reading deployment ${target.namespace}/${target.deployment}`);
  }
  const c = pickOllamaContainer(containers);
  if (!c) throw new AppError("not_found", `Deployment ${target.namespace}/${target.deployment} has no containers`, "kubernetes");
  const env: Record<string, SpecEnvValue> = {};
  for (const e of c.env ?? []) if (e.name.startsWith("OLLAMA_")) env[e.name] = envValue(e);
  return { deployment: target.deployment, namespace: target.namespace, container: c.name, env };
}
