// Ollama model-name grammar (types/model/name.go): parse, validate, and print the shortest display form.

export const DEFAULT_HOST = "registry.ollama.ai";
export const DEFAULT_NAMESPACE = "library";
export const DEFAULT_TAG = "latest";

export interface ModelName {
  scheme: string;
  host: string;
  namespace: string;
  model: string;
  tag: string;
}

type PartKind = "host" | "namespace" | "model" | "tag";

/** Splits at the last `sep`; an empty side makes the name invalid (Go's MissingPart). */
function cutLast(s: string, sep: string): [string, string] | undefined {
  const i = s.lastIndexOf(sep);
  return i < 0 ? undefined : [s.slice(0, i), s.slice(i + sep.length)];
}

function isValidPart(kind: PartKind, s: string): boolean {
  if (s.length < 1 || s.length > (kind === "host" ? 350 : 80)) return false;
  if (!/^[A-Za-z0-9_]/.test(s)) return false;
  const rest = s.slice(1);
  if (kind === "host") return /^[A-Za-z0-9_.:-]*$/.test(rest);
  if (kind === "namespace") return /^[A-Za-z0-9_-]*$/.test(rest);
  return /^[A-Za-z0-9_.-]*$/.test(rest);
}

/** Splits `[scheme://][host/][namespace/]model[:tag]` into its parts with Ollama's defaults, valid or not (ParseName). */
export function splitModelName(raw: string): ModelName {
  let s = raw;
  let tag = DEFAULT_TAG;
  if (s.lastIndexOf(":") > s.lastIndexOf("/")) {
    const cut = cutLast(s, ":");
    if (cut) [s, tag] = cut;
  }
  let namespace = DEFAULT_NAMESPACE;
  let host = DEFAULT_HOST;
  let scheme = "https";
  let model = s;
  const byModel = cutLast(s, "/");
  if (byModel) {
    [s, model] = byModel;
    namespace = s;
    const byNamespace = cutLast(s, "/");
    if (byNamespace) {
      [host, namespace] = byNamespace;
      const schemeCut = host.indexOf("://");
      if (schemeCut >= 0) {
        scheme = host.slice(0, schemeCut);
        host = host.slice(schemeCut + 3);
      }
    }
  }
  return { scheme, host, namespace, model, tag };
}

/** Parses `[scheme://][host/][namespace/]model[:tag]` with Ollama's defaults; undefined when invalid. */
export function parseModelName(raw: string): ModelName | undefined {
  const name = splitModelName(raw);
  const { host, namespace, model, tag } = name;
  const valid =
    isValidPart("host", host) && isValidPart("namespace", namespace) && isValidPart("model", model) && isValidPart("tag", tag);
  return valid ? name : undefined;
}

/** Go's DisplayShortest: default host and `library/` dropped, tag always present (`llama3.2:latest`). */
export function displayShortest(name: ModelName): string {
  let prefix = "";
  if (name.host.toLowerCase() !== DEFAULT_HOST) prefix = `${name.host}/${name.namespace}/`;
  else if (name.namespace.toLowerCase() !== DEFAULT_NAMESPACE) prefix = `${name.namespace}/`;
  return `${prefix}${name.model}:${name.tag}`;
}

/** Parses and prints the display form in one step; undefined when the name is invalid. */
export function normalizeModelName(raw: string): string | undefined {
  const name = parseModelName(raw);
  return name && displayShortest(name);
}

/** Go's Name.String: every part, defaults included (`registry.ollama.ai/library/llama3.2:latest`). */
export function displayFull(name: ModelName): string {
  return `${name.host}/${name.namespace}/${name.model}:${name.tag}`;
}

/** Relative path of a model's manifest file inside the models dir (`manifests/<host>/<ns>/<model>/<tag>`). */
export function manifestPath(name: ModelName): string {
  return `manifests/${name.host}/${name.namespace}/${name.model}/${name.tag}`;
}
