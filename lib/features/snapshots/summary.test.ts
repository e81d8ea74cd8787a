import { describe, expect, it } from "vitest";
import { decodeModels, encodeModels } from "./meta";
import { contentPolicies, listItems, newestFirst, toClassSummary, toSnapshotSummary, type SummaryContext } from "./summary";

const classes = [
  toClassSummary({ metadata: { name: "longhorn-snapshot", annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" } }, driver: "driver.longhorn.io", deletionPolicy: "Delete" }),
  toClassSummary({ metadata: { name: "longhorn-retain" }, driver: "driver.longhorn.io", deletionPolicy: "Retain" }),
];
const ctx: SummaryContext = { classes, contentPolicies: new Map() };

const ready = {
  apiVersion: "snapshot.storage.k8s.io/v1",
  kind: "VolumeSnapshot",
  metadata: {
    name: "ollama-models-20261125-0300",
    namespace: "ollama",
    creationTimestamp: "2026-11-25T03:00:00Z",
    annotations: {
      "ollama-ops.dev/created-by": "alice",
      "ollama-ops.dev/models": JSON.stringify([{ name: "llama3.2:3b", digest: "a80c4f17" }]),
    },
  },
  spec: { source: { persistentVolumeClaimName: "ollama-models" }, volumeSnapshotClassName: "longhorn-retain" },
  status: { boundVolumeSnapshotContentName: "snapcontent-1", creationTime: "2026-11-25T03:00:05Z", readyToUse: true, restoreSize: "100Gi" },
};

describe("toSnapshotSummary", () => {
  it("reshapes a ready snapshot with its recorder, inventory, size in bytes and the class's deletion policy", () => {
    expect(toSnapshotSummary(ready, ctx)).toEqual({
      name: "ollama-models-20261125-0300",
      namespace: "ollama",
      createdAt: "2026-11-25T03:00:00Z",
      takenAt: "2026-11-25T03:00:05Z",
      sourcePvc: "ollama-models",
      className: "longhorn-retain",
      deletionPolicy: "Retain",
      deletionPolicyFrom: "class",
      contentName: "snapcontent-1",
      controllerActed: true,
      ready: true,
      restoreSize: "100Gi",
      restoreSizeBytes: 107374182400,
      error: undefined,
      deleting: false,
      createdBy: "alice",
      models: [{ name: "llama3.2:3b", digest: "a80c4f17" }],
      modelsNote: undefined,
    });
  });

  it("prefers the bound content's deletion policy over the class's", () => {
    const s = toSnapshotSummary(ready, { classes, contentPolicies: new Map([["snapcontent-1", "Delete"]]) });
    expect(s.deletionPolicy).toBe("Delete");
    expect(s.deletionPolicyFrom).toBe("content");
  });

  it("falls back to the default class when the snapshot names none", () => {
    const s = toSnapshotSummary({ ...ready, spec: { source: { persistentVolumeClaimName: "ollama-models" } } }, ctx);
    expect(s.className).toBe("longhorn-snapshot");
    expect(s.deletionPolicy).toBe("Delete");
  });

  it("reads a snapshot the controller has not touched: no status, readiness unknown", () => {
    const s = toSnapshotSummary({ metadata: { name: "new", creationTimestamp: "2026-11-26T12:00:00Z" }, spec: { source: { persistentVolumeClaimName: "ollama-models" } } }, ctx);
    expect(s.controllerActed).toBe(false);
    expect(s.ready).toBeUndefined();
    expect(s.restoreSizeBytes).toBeUndefined();
    expect(s.models).toBeUndefined();
  });

  it("carries the status error message, the deletion in progress, and ignores a mangled models annotation", () => {
    const s = toSnapshotSummary(
      {
        metadata: { name: "bad", deletionTimestamp: "2026-11-26T12:01:00Z", annotations: { "ollama-ops.dev/models": "{not json" } },
        spec: { source: { persistentVolumeClaimName: "ollama-models" } },
        status: { readyToUse: false, error: { time: "2026-11-26T12:00:30Z", message: "Failed to check and update snapshot content: driver timeout" } },
      },
      ctx,
    );
    expect(s.error).toEqual({ message: "Failed to check and update snapshot content: driver timeout", time: "2026-11-26T12:00:30Z" });
    expect(s.deleting).toBe(true);
    expect(s.ready).toBe(false);
    expect(s.models).toBeUndefined();
  });
});

describe("lists and order", () => {
  it("reads classes, content policies and list items defensively", () => {
    expect(classes.map((c) => [c.name, c.isDefault, c.deletionPolicy])).toEqual([
      ["longhorn-snapshot", true, "Delete"],
      ["longhorn-retain", false, "Retain"],
    ]);
    expect(listItems({ items: "nope" })).toEqual([]);
    expect([...contentPolicies({ items: [{ metadata: { name: "c1" }, spec: { deletionPolicy: "Retain" } }, { metadata: { name: "c2" }, spec: {} }] })]).toEqual([["c1", "Retain"]]);
  });

  it("sorts newest first", () => {
    const a = toSnapshotSummary({ metadata: { name: "a", creationTimestamp: "2026-11-19T03:00:00Z" } }, ctx);
    const b = toSnapshotSummary({ metadata: { name: "b", creationTimestamp: "2026-11-25T03:00:00Z" } }, ctx);
    expect([a, b].sort(newestFirst).map((s) => s.name)).toEqual(["b", "a"]);
  });
});

describe("models annotation", () => {
  it("round-trips and cuts the list to the byte budget, counting what was left out", () => {
    const models = Array.from({ length: 10 }, (_, i) => ({ name: `model-${i}:latest`, digest: "f".repeat(64) }));
    const all = encodeModels(models);
    expect(all.omitted).toBe(0);
    expect(decodeModels(all.value)).toEqual(models);
    const cut = encodeModels(models, 400);
    expect(new TextEncoder().encode(cut.value).length).toBeLessThanOrEqual(400);
    expect(cut.omitted).toBe(10 - (decodeModels(cut.value)?.length ?? 0));
    expect(cut.omitted).toBeGreaterThan(0);
  });
});
