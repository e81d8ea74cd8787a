// Ollama's model-name grammar (api-facts A4), shared by the pull form in the browser and the server: pure, never throws.

export const DEFAULT_REGISTRY = "registry.ollama.ai";
const DEFAULT_NAMESPACE = "library";
const DEFAULT_TAG = "latest";
/** Longest name the grammar can produce: host 350 + namespace, model, tag 80 each + separators + `https://`. */
const MAX_LENGTH = 350 + 3 * 80 + 3 + 8;

/** The parts of `[https://][host/][namespace/]model[:tag]` with Ollama's defaults filled in. */
export interface ModelRef {
  host: string;
  namespace: string;
  model: string;
  tag: string;
}

export type NameCheck = { ok: true; ref: ModelRef; display: string; key: string } | { ok: false; reason: string };

type Part = keyof ModelRef;

const RULES: Record<Part, { rest: RegExp; max: number; chars: string }> = {
  host: { rest: /^[A-Za-z0-9_.:-]*$/, max: 350, chars: 'letters, digits, "_", ".", ":" and "-"' },
  namespace: { rest: /^[A-Za-z0-9_-]*$/, max: 80, chars: 'letters, digits, "_" and "-"' },
  model: { rest: /^[A-Za-z0-9_.-]*$/, max: 80, chars: 'letters, digits, "_", "." and "-"' },
  tag: { rest: /^[A-Za-z0-9_.-]*$/, max: 80, chars: 'letters, digits, "_", "." and "-"' },
};

function partProblem(part: Part, value: string): string | undefined {
  const rule = RULES[part];
  if (value.length === 0) return `the ${part} is empty`;
  if (value.length > rule.max) return `the ${part} is longer than ${rule.max} characters`;
  if (!/^[A-Za-z0-9_]/.test(value) || !rule.rest.test(value.slice(1))) {
    return `the ${part} "${value}" must start with a letter, digit or "_" and contain only ${rule.chars}`;
  }
  return undefined;
}

/** Splits at the last `sep`; undefined when absent. */
function cutLast(s: string, sep: string): [string, string] | undefined {
  const i = s.lastIndexOf(sep);
  return i < 0 ? undefined : [s.slice(0, i), s.slice(i + sep.length)];
}

function split(raw: string): ModelRef | string {
  let rest = raw;
  let tag = DEFAULT_TAG;
  // A ":" after the last "/" starts the tag ("/" can never be part of a tag).
  if (rest.lastIndexOf(":") > rest.lastIndexOf("/")) [rest, tag] = cutLast(rest, ":") ?? [rest, tag];
  const byModel = cutLast(rest, "/");
  if (!byModel) return { host: DEFAULT_REGISTRY, namespace: DEFAULT_NAMESPACE, model: rest, tag };
  const [beforeModel, model] = byModel;
  const byNamespace = cutLast(beforeModel, "/");
  if (!byNamespace) return { host: DEFAULT_REGISTRY, namespace: beforeModel, model, tag };
  const [hostPart, namespace] = byNamespace;
  let host = hostPart;
  const scheme = host.indexOf("://");
  if (scheme >= 0) {
    const protocol = host.slice(0, scheme).toLowerCase();
    if (protocol !== "https") return `only https registries can be pulled from, not ${protocol || "an empty scheme"}://`;
    host = host.slice(scheme + 3);
  }
  return { host, namespace, model, tag };
}

/** Ollama's DisplayShortest: default registry and `library/` dropped, tag always shown (`llama3.2:latest`). */
export function displayName(ref: ModelRef): string {
  const prefix =
    ref.host.toLowerCase() !== DEFAULT_REGISTRY
      ? `${ref.host}/${ref.namespace}/`
      : ref.namespace.toLowerCase() !== DEFAULT_NAMESPACE
        ? `${ref.namespace}/`
        : "";
  return `${prefix}${ref.model}:${ref.tag}`;
}

/** One spelling per model (Ollama matches names case-insensitively): `registry.ollama.ai/library/llama3.2:latest`. */
export function nameKey(ref: ModelRef): string {
  return `${ref.host}/${ref.namespace}/${ref.model}:${ref.tag}`.toLowerCase();
}

/** Validates a model name against Ollama's grammar; the reason says which part is wrong and how. */
export function checkModelName(raw: unknown): NameCheck {
  if (typeof raw !== "string" || raw.length === 0) return { ok: false, reason: "Enter a model name, for example llama3.2 or qwen2.5:7b" };
  if (raw.length > MAX_LENGTH) return { ok: false, reason: `A model name has at most ${MAX_LENGTH} characters` };
  if (/\s/.test(raw)) return { ok: false, reason: "A model name cannot contain spaces" };
  if (raw.includes("@")) return { ok: false, reason: 'Pulling by digest ("@sha256:…") is not supported; use a tag' };
  const ref = split(raw);
  if (typeof ref === "string") return { ok: false, reason: `Invalid model name: ${ref}` };
  for (const part of ["host", "namespace", "model", "tag"] as const) {
    const problem = partProblem(part, ref[part]);
    if (problem) return { ok: false, reason: `Invalid model name: ${problem}` };
  }
  return { ok: true, ref, display: displayName(ref), key: nameKey(ref) };
}

function allowListed(raw: unknown, registries: readonly string[], refused: (host: string) => string): NameCheck {
  const check = checkModelName(raw);
  if (!check.ok) return check;
  const host = check.ref.host.toLowerCase();
  if (!registries.some((r) => r.toLowerCase() === host)) {
    const allowed = registries.length ? registries.join(", ") : "none";
    return { ok: false, reason: `${refused(check.ref.host)} (allowed registries: ${allowed}; setting PULL_REGISTRIES)` };
  }
  return check;
}

/** `checkModelName` plus the registry allow-list: the name's registry must be one of `registries` (case-insensitive). */
export function checkPullName(raw: unknown, registries: readonly string[]): NameCheck {
  return allowListed(raw, registries, (host) => `Pulling from ${host} is not allowed here`);
}

/** The allow-list for any other use of a name (details, unload, delete): a model of a registry not allowed is never named to Ollama. */
export function checkAllowedName(raw: unknown, registries: readonly string[]): NameCheck {
  return allowListed(raw, registries, (host) => `Models from ${host} are not allowed here`);
}
