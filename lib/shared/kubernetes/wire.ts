// Small readers for Kubernetes wire values that arrive in two shapes: typed (list, Date) and raw JSON (watch, string).

/** A timestamp from a typed model (Date) or raw watch JSON (RFC 3339 string) → ISO string, or undefined. */
export function iso(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== "string" || value === "") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A resource.Quantity string ("100Gi", "5e9", "1500M") → a number (bytes for storage), or undefined if malformed. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(value.trim());
  if (!m?.[1]) return undefined;
  const base = Number(m[1]);
  if (m[2]) return Math.round(base * 10 ** Number(m[2].slice(1)));
  const suffix = m[3] ?? "";
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : Math.round(base * factor);
}

interface Meta {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string> };
}

/** metadata.name of any object, typed or raw. */
export function nameOf(obj: unknown): string | undefined {
  return (obj as Meta | null)?.metadata?.name;
}

/** metadata.resourceVersion of any object, typed or raw. */
export function resourceVersionOf(obj: unknown): string | undefined {
  return (obj as Meta | null)?.metadata?.resourceVersion;
}

/** "k=v,k2=v2" from a matchLabels map plus matchExpressions, as the apiserver parses label selectors. */
export function labelSelectorString(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): string {
  const terms = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") terms.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") terms.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") terms.push(e.key);
    else if (e.operator === "DoesNotExist") terms.push(`!${e.key}`);
  }
  return terms.join(",");
}

/** True when every matchLabels pair is present in `labels` (how a Service selects pods). */
export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}
