// Names of snapshots and restored claims: DNS-1123 validation and the defaults the console proposes (browser-safe).

const MAX_NAME = 253;
/** Default names stay within a DNS-1123 label so they also fit label values and kubectl columns. */
const DEFAULT_MAX = 63;
const SUBDOMAIN_PART = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a valid Kubernetes object name (DNS-1123 subdomain), or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name === "") return "a name is required";
  if (name.length > MAX_NAME) return `must be at most ${MAX_NAME} characters (this one has ${name.length})`;
  if (/[A-Z]/.test(name)) return "must be lowercase";
  if (/[^a-z0-9.-]/.test(name)) return "may contain only lowercase letters, digits, '-' and '.'";
  if (!/^[a-z0-9]/.test(name)) return "must start with a letter or digit";
  if (!/[a-z0-9]$/.test(name)) return "must end with a letter or digit";
  if (!name.split(".").every((part) => SUBDOMAIN_PART.test(part))) return "each '.'-separated part must start and end with a letter or digit";
  return undefined;
}

/** Cuts `name` to `max` characters without leaving a trailing '-' or '.'. */
function trimName(name: string, max: number): string {
  return name.slice(0, max).replace(/[-.]+$/, "");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `<pvc>-YYYYMMDD-HHMM` in UTC, the PVC part shortened so the whole name fits 63 characters. */
export function defaultSnapshotName(pvc: string, now: Date): string {
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
  return `${trimName(pvc, DEFAULT_MAX - stamp.length - 1)}-${stamp}`;
}

/** `<pvc>-restore-<snapshot>`, trimmed to 63 characters. */
export function defaultRestoreName(pvc: string, snapshot: string): string {
  return trimName(`${pvc}-restore-${snapshot}`, DEFAULT_MAX);
}
