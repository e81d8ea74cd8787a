import { describe, expect, it } from "vitest";
import type { SnapshotSummary } from "../snapshots/types";
import { backupState, parseRpo } from "./backup";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const snap = (name: string, createdAt: string, extra: Partial<SnapshotSummary> = {}): SnapshotSummary => ({
  name,
  namespace: "ollama",
  createdAt,
  takenAt: undefined,
  sourcePvc: "ollama-models",
  className: "longhorn-snapshot",
  deletionPolicy: "Delete",
  deletionPolicyFrom: "class",
  contentName: undefined,
  controllerActed: true,
  ready: true,
  restoreSize: "100Gi",
  restoreSizeBytes: 100 * 2 ** 30,
  error: undefined,
  deleting: false,
  createdBy: undefined,
  models: undefined,
  modelsNote: undefined,
  ...extra,
});
const ok = (items: SnapshotSummary[]) => ({ ok: true as const, data: { pvc: "ollama-models", items } });

describe("parseRpo", () => {
  it("reads durations and refuses words", () => {
    expect(parseRpo("24h")).toBe(86400);
    expect(parseRpo("1d12h")).toBe(129600);
    expect(parseRpo(" 30m ")).toBe(1800);
    expect(parseRpo("daily")).toBeUndefined();
    expect(parseRpo(undefined)).toBeUndefined();
  });
});

describe("backupState", () => {
  it("is green when the newest usable snapshot is within the RPO", () => {
    const s = backupState(ok([snap("a", "2026-11-26T03:00:00Z")]), "24h", NOW);
    expect(s).toMatchObject({ level: "ok", title: "Within RPO", reason: "a taken 9h ago (RPO 24h)" });
  });

  it("is amber when the newest usable snapshot is older than the RPO", () => {
    const s = backupState(ok([snap("a", "2026-11-25T03:00:00Z")]), "24h", NOW);
    expect(s.level).toBe("warn");
    expect(s.title).toBe("Older than RPO");
  });

  it("never treats a failed newer snapshot as the backup, and names it separately", () => {
    const failed = snap("new", "2026-11-26T11:00:00Z", { ready: false, error: { message: "CSI driver timed out", time: "2026-11-26T11:00:05Z" } });
    const s = backupState(ok([failed, snap("old", "2026-11-26T03:00:00Z")]), "24h", NOW);
    expect(s.usable?.name).toBe("old");
    expect(s.failedNewer.map((f) => f.name)).toEqual(["new"]);
    expect(s).toMatchObject({ level: "warn", title: "Last snapshot failed" });
    expect(s.reason).toContain("failed 59m 55s ago: CSI driver timed out");
    expect(s.reason).toContain("newest usable: old taken 9h ago");
  });

  it("is amber without the snapshot API, and without any usable snapshot", () => {
    const missing = { ok: false as const, error: { code: "unavailable" as const, system: "kubernetes" as const, message: "not installed", details: { reason: "snapshot_api_missing" } } };
    expect(backupState(missing, "24h", NOW)).toMatchObject({ level: "warn", title: "No snapshot API" });
    expect(backupState(ok([]), "24h", NOW)).toMatchObject({ level: "warn", title: "No usable snapshot" });
    expect(backupState(ok([snap("p", "2026-11-26T11:59:00Z", { ready: false })]), undefined, NOW)).toMatchObject({ level: "warn" });
  });

  it("without an RPO, a ready snapshot is green whatever its age", () => {
    expect(backupState(ok([snap("a", "2026-10-01T00:00:00Z")]), undefined, NOW)).toMatchObject({ level: "ok", title: "Snapshot ready" });
  });
});
