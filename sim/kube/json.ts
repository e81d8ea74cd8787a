// Small helpers for free-form JSON objects: type guard, deep equality, dotted-path reads.

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of two JSON values (key order ignored, undefined members count as absent). */
/** `value` if it is an object, else an empty one (to read fields of something that may be absent). */
export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const aKeys = keys(a);
  return aKeys.length === keys(b).length && aKeys.every((k) => deepEqual(a[k], b[k]));
}

/** The same JSON value with every object's keys in sorted order (as Go marshals a map). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys(value[k])]));
}

/** The value at a dotted path ("status.phase"), or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The value at a dotted path when it is a string. */
export function getString(obj: unknown, path: string): string | undefined {
  const v = getPath(obj, path);
  return typeof v === "string" ? v : undefined;
}

/** The value at a dotted path when it is a number. */
export function getNumber(obj: unknown, path: string): number | undefined {
  const v = getPath(obj, path);
  return typeof v === "number" ? v : undefined;
}

/** The value at a dotted path when it is an array (else []). */
export function getArray(obj: unknown, path: string): unknown[] {
  const v = getPath(obj, path);
  return Array.isArray(v) ? (v as unknown[]) : [];
}

/** RFC 3339 timestamp with second precision, as Kubernetes writes metadata times. */
export function timestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A metav1.MicroTime: RFC 3339 with microseconds (an Event's eventTime, a Lease's renewTime). */
export function microTime(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
