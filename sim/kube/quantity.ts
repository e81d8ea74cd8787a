// Kubernetes resource.Quantity strings ("100Gi", "5G", "1500M") to bytes and back.

const SUFFIX: Record<string, number> = {
  "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Bytes in a quantity string, or undefined when it is not a quantity. */
export function parseQuantity(text: unknown): number | undefined {
  if (typeof text === "number") return text;
  if (typeof text !== "string") return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (SUFFIX[m[2] ?? ""] ?? 1));
}

/** The canonical quantity for a byte count: the largest binary suffix that divides it evenly. */
export function formatQuantity(bytes: number): string {
  for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
    const unit = SUFFIX[suffix] ?? 1;
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

// The canonical form kube-apiserver stores a resource.Quantity in (k8s.io/apimachinery v0.34 quantity.go): the value
// is kept exact (rounded up to a billionth), then written with the largest suffix of its own kind (binary, decimal SI
// or a decimal exponent) that leaves a whole number.

type QuantityFormat = "BinarySI" | "DecimalSI" | "DecimalExponent";

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

interface Parsed {
  negative: boolean;
  /** Digits before and after the point, leading zeros of the first dropped. */
  num: string;
  denom: string;
  format: QuantityFormat;
  /** The suffix's power: of 10 for decimal formats, of 2 for BinarySI. */
  exponent: number;
}

// UnmarshalJSON trims spaces before ParseQuantity, so a stored " 2 " is "2".
function parse(sent: string): Parsed | undefined {
  const text = sent.trim();
  const m = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*(?:[+-]?[0-9]+)?)$/.exec(text);
  if (!m || text === "" || /^[+-]?$/.test(text)) return undefined;
  const [, sign = "", num = "", denom = "", suffix = ""] = m;
  const base = { negative: sign === "-", num: num || "0", denom };
  if (suffix in DECIMAL) return { ...base, format: "DecimalSI", exponent: DECIMAL[suffix] ?? 0 };
  if (suffix in BINARY) return { ...base, format: "BinarySI", exponent: BINARY[suffix] ?? 0 };
  const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  return exp ? { ...base, format: "DecimalExponent", exponent: Number(exp[1]) } : undefined;
}

/** The quantity's value as a float (for comparisons), or undefined when it is no quantity. */
export function quantityNumber(text: string | number): number | undefined {
  if (typeof text === "number") return text;
  const p = parse(text);
  if (!p) return undefined;
  const magnitude = Number(`${p.num}.${p.denom || "0"}`) * (p.format === "BinarySI" ? 2 ** p.exponent : 10 ** p.exponent);
  return p.negative ? -magnitude : magnitude;
}

const MAX_INT64 = 2n ** 63n - 1n;

/** ParseQuantity keeps the text as sent when it reads it on its int64 fast path and finds it already canonical. */
function keptAsSent(p: Parsed): boolean {
  const digits = p.num.length + p.denom.length;
  const binary = p.format === "BinarySI";
  if (binary ? p.denom !== "" || 15 - p.num.length - Math.trunc((p.exponent * 3) / 10) - 1 < 0 : 18 - digits < 0) return false;
  const scale = (binary ? 0 : p.exponent) - p.denom.length;
  if (scale < -9) return false;
  const shifted = p.num + p.denom;
  const value = BigInt(shifted);
  if (value > MAX_INT64 || (binary && value << BigInt(p.exponent) > MAX_INT64)) return false;
  if (binary) return p.exponent % 10 === 0 && (value & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith("000") && !shifted.startsWith("0");
}

/** Strips every factor of `base` from `n`, returning what is left and how many were removed. */
function removeFactors(n: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (n !== 0n && n % base === 0n) {
    n /= base;
    times++;
  }
  return [n, times];
}

/**
 * The quantity as kube-apiserver stores it, or undefined when the text is not a quantity. In a ResourceList (`inList`)
 * SetDefaults_ResourceList also rounds it up to thousandths.
 */
export function canonicalQuantity(text: string | number, inList = false): string | undefined {
  const raw = String(text).trim();
  const p = parse(raw);
  if (!p) return undefined;
  const finest = inList ? -3 : -9;
  if (keptAsSent(p) && (p.format === "BinarySI" ? 0 : p.exponent) - p.denom.length >= finest) return raw;
  // The value as mantissa × 10^e, exact.
  let mantissa = BigInt(p.num + p.denom);
  let e = -p.denom.length;
  if (p.format === "BinarySI") mantissa <<= BigInt(p.exponent);
  else e += p.exponent;
  if (mantissa === 0n) return "0";
  // Finer than that rounds up (away from zero), so a tiny request is never zero.
  if (e < finest) {
    // A unit with more digits than the mantissa rounds it up to one unit: computed directly, as 10n ** 2e9 (`1e-2000000000`) would not end.
    if (finest - e > mantissa.toString().length) mantissa = 1n;
    else {
      const unit = 10n ** BigInt(finest - e);
      mantissa = (mantissa + unit - 1n) / unit;
    }
    e = finest;
  }
  const sign = p.negative ? "-" : "";
  let format = p.format;
  if (format === "BinarySI") {
    const whole = e >= 0 ? mantissa * 10n ** BigInt(e) : mantissa % 10n ** BigInt(-e) === 0n ? mantissa / 10n ** BigInt(-e) : undefined;
    // Below 1024 or with a fraction, a binary suffix would round: written as decimal SI instead.
    if (whole === undefined || whole < 1024n) format = "DecimalSI";
    else {
      const [n, times] = removeFactors(whole, 1024n);
      return `${sign}${n}${Object.keys(BINARY)[times - 1] ?? ""}`;
    }
  }
  const [n, times] = removeFactors(mantissa, 10n);
  e += times;
  // Down to a multiple of 3 (Go's remainder keeps the sign).
  const shift = ((e % 3) + 3) % 3;
  const amount = n * 10n ** BigInt(shift);
  e -= shift;
  if (format === "DecimalExponent") return `${sign}${amount}${e === 0 ? "" : `e${e}`}`;
  return `${sign}${amount}${Object.keys(DECIMAL).find((k) => DECIMAL[k] === e) ?? ""}`;
}

// ParseQuantity's two refusals (quantity.go): text outside its grammar, and a suffix that is no unit or exponent.
const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

/** Why kube-apiserver's decoder refuses the quantity (its words), or undefined when it reads it. */
export function quantityError(text: string | number): string | undefined {
  if (typeof text === "number") return undefined;
  // UnmarshalJSON trims spaces; parseQuantityString reads sign, digits, a point and digits, then the suffix.
  const m = /^[+-]?[0-9]*(?:\.[0-9]*)?([eEinumkKMGTP]*[+-]?[0-9]*)$/.exec(text.trim());
  if (!m || text.trim() === "") return FORMAT_WRONG;
  const suffix = m[1] ?? "";
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (suffix in DECIMAL || suffix in BINARY || (exponent && Math.abs(Number(exponent[1])) < 2 ** 31)) return undefined;
  return SUFFIX_WRONG;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** What a walk does with each Quantity it finds: the value to store instead. */
type Visit = (value: string | number, inList: boolean) => unknown;

/** Visits each value of a ResourceList (name → quantity). */
function eachInList(list: unknown, visit: Visit): void {
  if (!isObj(list)) return;
  for (const [name, value] of Object.entries(list)) {
    if (typeof value === "string" || typeof value === "number") list[name] = visit(value, true);
  }
}

function requirements(resources: unknown, visit: Visit): void {
  if (!isObj(resources)) return;
  eachInList(resources.requests, visit);
  eachInList(resources.limits, visit);
}

function podSpecQuantities(spec: unknown, visit: Visit): void {
  if (!isObj(spec)) return;
  for (const c of [...objs(spec.initContainers), ...objs(spec.containers), ...objs(spec.ephemeralContainers)]) requirements(c.resources, visit);
  requirements(spec.resources, visit);
  eachInList(spec.overhead, visit);
  for (const v of objs(spec.volumes)) {
    const size = isObj(v.emptyDir) ? v.emptyDir.sizeLimit : undefined;
    if (isObj(v.emptyDir) && (typeof size === "string" || typeof size === "number")) v.emptyDir.sizeLimit = visit(size, false);
    if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate) && isObj(v.ephemeral.volumeClaimTemplate.spec)) requirements(v.ephemeral.volumeClaimTemplate.spec.resources, visit);
  }
}

/** Visits every Quantity of an object of `kind` the simulator knows: resources, PVC sizes, node capacity. */
function eachQuantity(kind: string, obj: { spec?: unknown; status?: unknown }, visit: Visit): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const status = isObj(obj.status) ? obj.status : {};
  if (kind === "Pod") podSpecQuantities(spec, visit);
  if ((kind === "Deployment" || kind === "ReplicaSet") && isObj(spec.template)) podSpecQuantities(spec.template.spec, visit);
  if (kind === "Node") for (const list of [status.capacity, status.allocatable]) eachInList(list, visit);
  if (kind === "PersistentVolumeClaim") {
    requirements(spec.resources, visit);
    for (const list of [status.capacity, status.allocatedResources]) eachInList(list, visit);
  }
}

/** Puts every Quantity of a served object in the form kube-apiserver stores; what is no quantity stays. */
export function canonicalQuantities(obj: { kind: string; spec?: unknown; status?: unknown }): void {
  eachQuantity(obj.kind, obj, (value, inList) => canonicalQuantity(value, inList) ?? value);
}

/** The decoder's refusal of the first Quantity of a request body it cannot read, or undefined. */
export function firstQuantityError(kind: string, body: unknown): string | undefined {
  if (!isObj(body)) return undefined;
  let error: string | undefined;
  eachQuantity(kind, body, (value) => {
    error ??= quantityError(value);
    return value;
  });
  return error;
}
