import { describe, expect, it } from "vitest";
import { pickClass } from "../../features/snapshots/classes";
import { isSettling, snapshotState } from "./state";
import type { SnapshotClassSummary } from "./types";

const created = "2026-11-26T12:00:00Z";
const t0 = Date.parse(created);
const base = { ready: undefined, error: undefined, deleting: false, controllerActed: false, createdAt: created };

describe("snapshotState", () => {
  it("waits for the controller, then suspects it after a minute without status", () => {
    expect(snapshotState(base, t0 + 59_000).kind).toBe("pending");
    const stalled = snapshotState(base, t0 + 75_000);
    expect(stalled.kind).toBe("stalled");
    expect(stalled.detail).toBe("the snapshot controller has not acted on this snapshot after 1m 15s; is it running?");
  });

  it("never calls a snapshot stalled once the controller wrote a status", () => {
    expect(snapshotState({ ...base, controllerActed: true, ready: false }, t0 + 600_000).kind).toBe("pending");
  });

  it("shows the status error and the ready state; deletion wins over both", () => {
    expect(snapshotState({ ...base, controllerActed: true, error: { message: "driver timeout", time: undefined } }, t0)).toMatchObject({ kind: "error", detail: "driver timeout" });
    expect(snapshotState({ ...base, controllerActed: true, ready: true }, t0).kind).toBe("ready");
    expect(snapshotState({ ...base, ready: true, deleting: true }, t0).kind).toBe("deleting");
  });

  it("keeps polling until ready and through deletion", () => {
    expect(isSettling({ ready: true, deleting: false })).toBe(false);
    expect(isSettling({ ready: false, deleting: false })).toBe(true);
    expect(isSettling({ ready: true, deleting: true })).toBe(true);
  });
});

describe("pickClass", () => {
  const cls = (name: string, isDefault: boolean): SnapshotClassSummary => ({ name, driver: "d", deletionPolicy: "Delete", isDefault });

  it("takes the requested class, else the single default", () => {
    expect(pickClass([cls("a", true), cls("b", false)], "b").name).toBe("b");
    expect(pickClass([cls("a", false), cls("b", true)], undefined).name).toBe("b");
  });

  it("says when there is no class, no default, too many defaults or an unknown class", () => {
    expect(() => pickClass([], undefined)).toThrow(/No VolumeSnapshotClass exists in the cluster/);
    expect(() => pickClass([cls("a", false), cls("b", false)], undefined)).toThrow('No VolumeSnapshotClass is marked as default: choose one (a, b), or annotate exactly one with snapshot.storage.kubernetes.io/is-default-class: "true"');
    expect(() => pickClass([cls("a", true), cls("b", true)], undefined)).toThrow(/^2 VolumeSnapshotClasses are marked as default/);
    expect(() => pickClass([cls("a", true)], "zzz")).toThrow('No VolumeSnapshotClass named "zzz"; available: a');
  });
});
