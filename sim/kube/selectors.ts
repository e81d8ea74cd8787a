// Label and field selectors as the apiserver parses and matches them (list and watch).
import { badRequest } from "./errors.ts";
import { getPath } from "./json.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

type LabelOp = "=" | "!=" | "in" | "notin" | "exists" | "!exists";

interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

interface FieldRequirement {
  path: string;
  negate: boolean;
  value: string;
}

/** A parsed selector pair; matches(obj) is true when both selectors accept the object. */
export interface Selector {
  matches(obj: KubeObject): boolean;
}

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(cur);
      cur = "";
    } else cur += ch;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter((t) => t !== "");
}

function parseLabelTerm(term: string): LabelRequirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
  const cmp = /^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(term);
  // The real lexer: an operator followed by another `=` or `!` (`a===b`), or a second word after the value (`a=b c`).
  if (cmp && /^[=!]/.test(cmp[3] ?? "")) throw badRequest(`unable to parse requirement: found '${(cmp[3] ?? "").startsWith("!") ? "!" : "="}', expected: identifier`);
  const extra = /^[^=!\s]+\s*(?:==|!=|=)\s*\S*\s+(\S+)/.exec(term);
  if (extra) throw badRequest(`found '${extra[1]}', expected: ',' or 'end of string'`);
  let req: LabelRequirement;
  if (set) req = { key: set[1] ?? "", op: set[2] as LabelOp, values: (set[3] ?? "").split(",").map((v) => v.trim()) };
  else if (cmp) req = { key: cmp[1] ?? "", op: cmp[2] === "!=" ? "!=" : "=", values: [cmp[3] ?? ""] };
  else if (term.startsWith("!")) req = { key: term.slice(1).trim(), op: "!exists", values: [] };
  else req = { key: term, op: "exists", values: [] };
  if (!KEY.test(req.key)) throw badRequest(`unable to parse requirement: invalid label key "${req.key}"`);
  return req;
}

function labelMatches(req: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case "=":
      return has && value === req.values[0];
    case "!=":
      return !has || value !== req.values[0];
    case "in":
      return has && req.values.includes(value ?? "");
    case "notin":
      return !has || !req.values.includes(value ?? "");
    case "exists":
      return has;
    case "!exists":
      return !has;
  }
}

/** Splits on commas not escaped with a backslash, then unescapes. */
function splitFieldTerms(text: string): string[] {
  return text
    .split(/(?<!\\),/)
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

// Field labels whose value lives under another path in the object.
const FIELD_PATHS: Record<string, string> = { source: "source.component" };

function parseFieldTerm(term: string, def: ResourceDef): FieldRequirement {
  const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
  if (!m) throw badRequest(`invalid selector: '${term}'; can't understand '${term}'`);
  const label = m[1] ?? "";
  if (label !== "metadata.name" && label !== "metadata.namespace" && !def.fieldLabels?.includes(label)) {
    throw badRequest(`field label not supported: ${label}`);
  }
  return { path: FIELD_PATHS[label] ?? label, negate: m[2] === "!=", value: (m[3] ?? "").replace(/\\(.)/g, "$1") };
}

function fieldValue(obj: KubeObject, path: string): string {
  const v = getPath(obj, path);
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

/** Parses `labelSelector` and `fieldSelector` query values; BadRequest on bad syntax or unknown field labels. */
export function parseSelector(def: ResourceDef, labelSelector: string | null, fieldSelector: string | null): Selector {
  const labels = splitTerms(labelSelector ?? "").map(parseLabelTerm);
  const fields = splitFieldTerms(fieldSelector ?? "").map((t) => parseFieldTerm(t, def));
  return {
    matches(obj) {
      const objLabels = obj.metadata.labels ?? {};
      return (
        labels.every((r) => labelMatches(r, objLabels)) &&
        fields.every((r) => (fieldValue(obj, r.path) === r.value) !== r.negate)
      );
    },
  };
}

/** True when `labels` satisfy a metav1.LabelSelector object ({matchLabels, matchExpressions}); an empty selector matches nothing. */
export function matchesLabelSelector(selector: unknown, labels: Record<string, string> = {}): boolean {
  const sel = selector as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined;
  const matchLabels = Object.entries(sel?.matchLabels ?? {});
  const expressions = sel?.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  const ops: Record<string, LabelOp> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!exists" };
  return (
    matchLabels.every(([k, v]) => labels[k] === v) &&
    expressions.every((e) => labelMatches({ key: e.key, op: ops[e.operator] ?? "in", values: e.values ?? [] }, labels))
  );
}
