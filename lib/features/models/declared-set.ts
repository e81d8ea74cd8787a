// The declared model set (issue #14): `models.yaml` from a ConfigMap, parsed with the line of each problem. Pure.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from "yaml";
import { checkPullName } from "../../shared/ollama/names";
import type { DeclaredModel, DeclaredProblem, DeclaredSet } from "../../shared/contracts/models-desired";
export type { DeclaredModel, DeclaredProblem, DeclaredSet };

export type ParsedSet = { ok: true; set: DeclaredSet } | { ok: false; problem: DeclaredProblem };

const GO_DURATION = /^-?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$|^-?\d+$|^0$/;
const MODEL_KEYS = new Set(["name", "pin", "keepAlive"]);
const TOP_KEYS = new Set(["models", "prune"]);

/** Parses models.yaml; the first problem found names its line. Names must be pullable from `registries`. */
export function parseDeclaredSet(text: string, registries: readonly string[]): ParsedSet {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined, message: string): ParsedSet => {
    const pos = lines.linePos(offset ?? 0);
    return { ok: false, problem: { line: pos.line, column: pos.col, message } };
  };
  const where = (node: Node | null | undefined) => node?.range?.[0];
  const first = doc.errors[0];
  if (first) return at(first.pos[0], first.message.split("\n")[0] ?? "invalid YAML");
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return { ok: true, set: { models: [], prune: false } };
  if (!isMap(root)) return at(where(root), "expected a mapping with `models:` (a list) and optionally `prune: true|false`");
  let prune = false;
  const models: DeclaredModel[] = [];
  const seen = new Map<string, number>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const keyAt = where(pair.key);
    if (!TOP_KEYS.has(key)) return at(keyAt, `unknown key "${key}" (expected models or prune)`);
    const value = pair.value as Node | null;
    if (key === "prune") {
      if (!isScalar(value) || typeof value.value !== "boolean") return at(where(value) ?? keyAt, "prune must be true or false");
      prune = value.value;
      continue;
    }
    if (value === null || (isScalar(value) && value.value === null)) continue;
    if (!isSeq(value)) return at(where(value), "models must be a list of entries such as `- name: llama3.2:3b`");
    for (const item of value.items as (Node | null)[]) {
      const itemAt = where(item) ?? where(value);
      const entry = isScalar(item) && typeof item.value === "string" ? { name: item.value } : undefined;
      if (!entry && !isMap(item)) return at(itemAt, "each model must be a mapping with a name, e.g. `- name: llama3.2:3b`");
      let name: unknown = entry?.name;
      let pin = false;
      let keepAlive: string | undefined;
      let nameAt = itemAt;
      if (isMap(item)) {
        for (const field of item.items) {
          const k = isScalar(field.key) ? String(field.key.value) : "";
          const v = field.value as Node | null;
          const fieldAt = where(v) ?? where(field.key as Node);
          if (!MODEL_KEYS.has(k)) return at(where(field.key as Node), `unknown key "${k}" (expected name, pin or keepAlive)`);
          const scalar = isScalar(v) ? v.value : undefined;
          if (k === "name") {
            name = scalar;
            nameAt = fieldAt;
          } else if (k === "pin") {
            if (typeof scalar !== "boolean") return at(fieldAt, "pin must be true or false");
            pin = scalar;
          } else {
            const text = typeof scalar === "number" ? String(scalar) : scalar;
            if (typeof text !== "string" || !GO_DURATION.test(text.trim())) return at(fieldAt, 'keepAlive must be a duration such as "24h", "30m" or -1');
            keepAlive = text.trim();
          }
        }
      }
      if (typeof name !== "string" || name.trim() === "") return at(nameAt, "each model needs a name, e.g. `name: llama3.2:3b`");
      const check = checkPullName(name.trim(), registries);
      if (!check.ok) return at(nameAt, `${name.trim()}: ${check.reason}`);
      const line = lines.linePos(nameAt ?? 0).line;
      const earlier = seen.get(check.key);
      if (earlier !== undefined) return at(nameAt, `${check.display} is declared twice (first on line ${earlier})`);
      seen.set(check.key, line);
      models.push({ name: check.display, pin, keepAlive });
    }
  }
  return { ok: true, set: { models, prune } };
}
