import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import { proportionalSizes } from "./deployment-scale.ts";

function rs(name: string, replicas: number, created: string, max?: number): KubeObject {
  const annotations = max === undefined ? undefined : { "deployment.kubernetes.io/max-replicas": String(max) };
  return { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name, creationTimestamp: created, ...(annotations ? { annotations } : {}) }, spec: { replicas } };
}

const sizes = (map: Map<KubeObject, number>) => Object.fromEntries([...map].map(([set, n]) => [set.metadata.name, n]));

describe("proportionalSizes", () => {
  it("grows each ReplicaSet by its share of the new maximum (4 to 8 replicas, maxSurge 25%: 5 to 10)", () => {
    const old = rs("old", 3, "2026-01-01T00:00:00Z", 5);
    const next = rs("new", 2, "2026-01-02T00:00:00Z", 5);
    expect(sizes(proportionalSizes([next, old], 8, 2, 5))).toEqual({ old: 6, new: 4 });
  });

  it("shrinks them the same way (8 to 4: 10 to 5)", () => {
    const old = rs("old", 6, "2026-01-01T00:00:00Z", 10);
    const next = rs("new", 4, "2026-01-02T00:00:00Z", 10);
    expect(sizes(proportionalSizes([old, next], 4, 1, 10))).toEqual({ old: 3, new: 2 });
  });

  it("gives what rounding leaves over to the largest, the newest of equals when growing", () => {
    const old = rs("old", 1, "2026-01-01T00:00:00Z", 3);
    const next = rs("new", 1, "2026-01-02T00:00:00Z", 3);
    expect(sizes(proportionalSizes([old, next], 3, 1, 2))).toEqual({ old: 1, new: 3 });
  });

  it("falls back to the Deployment's status.replicas without the max-replicas annotation, and scales all to 0 for 0", () => {
    const old = rs("old", 2, "2026-01-01T00:00:00Z");
    const next = rs("new", 2, "2026-01-02T00:00:00Z");
    expect(sizes(proportionalSizes([old, next], 8, 0, 4))).toEqual({ old: 4, new: 4 });
    expect(sizes(proportionalSizes([old, next], 0, 0, 4))).toEqual({ old: 0, new: 0 });
  });
});
