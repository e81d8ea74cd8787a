// Ollama's running version against the advisories in advisories.json: which apply, and the version that fixes them all.
import "server-only";
import data from "./advisories.json";

export interface Advisory {
  id: string;
  summary: string;
  /** Versions >= introduced (undefined = every earlier version) and < fixed. */
  affected: { introduced?: string; fixed: string };
  fixed: string;
  source: string;
}

export interface AdvisoryCheck {
  version: string;
  /** False when the version is not a release number (e.g. a dev build "0.0.0"): nothing can be said. */
  comparable: boolean;
  affecting: Advisory[];
  /** The lowest version that fixes every advisory affecting this one. */
  upgradeTo: string | undefined;
}

export const ADVISORIES: readonly Advisory[] = data.advisories;

type Parsed = { nums: [number, number, number]; pre: string | undefined };

/** "v0.17.1-rc2" → [0,17,1] + "rc2"; undefined for anything else. */
export function parseVersion(v: string): Parsed | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(v.trim());
  if (!m) return undefined;
  return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] };
}

/** Semver order: numbers first, then a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a version: ${x ? b : a}`);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre.localeCompare(y.pre, "en", { numeric: true });
}

/** Whether `version` lies in the advisory's affected range. */
export function affects(advisory: Advisory, version: string): boolean {
  const { introduced, fixed } = advisory.affected;
  return (introduced === undefined || compareVersions(version, introduced) >= 0) && compareVersions(version, fixed) < 0;
}

/** The advisories affecting `version` (0.0.0 = a source build without a version: not comparable). */
export function checkVersion(version: string, advisories: readonly Advisory[] = ADVISORIES): AdvisoryCheck {
  if (!parseVersion(version) || version.replace(/^v/, "") === "0.0.0") return { version, comparable: false, affecting: [], upgradeTo: undefined };
  const affecting = advisories.filter((a) => affects(a, version));
  const upgradeTo = affecting.map((a) => a.fixed).sort(compareVersions).at(-1);
  return { version, comparable: true, affecting, upgradeTo };
}
