import { describe, expect, it } from "vitest";
import { expansionRefusal, growTarget, kustomizePatch, parseSizeQuantity, quantityOf, type ClaimState } from "./grow";

const GIB = 1024 ** 3;
const claim: ClaimState = { name: "ollama-models", phase: "Bound", requestBytes: 100 * GIB, capacityBytes: 100 * GIB, storageClass: "longhorn", resizing: false };
const longhorn = { name: "longhorn", allowVolumeExpansion: true };

describe("growTarget", () => {
  it("used + pending + headroom, below the warning line, rounded up to a tidy step", () => {
    const t = growTarget({ usedBytes: 60 * GIB, pendingBytes: 40 * GIB, headroomBytes: 10 * GIB, currentBytes: 100 * GIB, warnPercent: 80 });
    // 100 GiB needed / 0.8 = 125 GiB → next 50 GiB step.
    expect(t).toMatchObject({ bytes: 150 * GIB, quantity: "150Gi" });
    expect(t.reason).toBe("used 60.0 GiB + pull 40.0 GiB + headroom 10.0 GiB, under the 80 % warning line, rounded up to 50Gi");
  });

  it("small volumes grow in 10 Gi steps and always beyond the current size", () => {
    expect(growTarget({ usedBytes: 20 * GIB, pendingBytes: 0, headroomBytes: 5 * GIB, currentBytes: 50 * GIB, warnPercent: 80 }).quantity).toBe("60Gi");
  });

  it("writes Ti for whole tebibytes", () => {
    expect(quantityOf(2048 * GIB)).toBe("2Ti");
    expect(parseSizeQuantity("2Ti")).toBe(2048 * GIB);
    expect(parseSizeQuantity("150Gi")).toBe(150 * GIB);
    for (const bad of ["150G", "0Gi", "1.5Ti", "-10Gi", "150Mi", "", "10 Gi"]) expect(parseSizeQuantity(bad), bad).toBeUndefined();
  });
});

describe("kustomizePatch", () => {
  it("is a strategic-merge patch of the claim's request only", () => {
    const p = kustomizePatch({ name: "ollama-models", namespace: "ollama" }, "150Gi");
    expect(p.file).toBe("ollama-models-size.yaml");
    expect(p.patch).toContain("kind: PersistentVolumeClaim\nmetadata:\n  name: ollama-models\n  namespace: ollama\nspec:\n  resources:\n    requests:\n      storage: 150Gi\n");
    expect(p.kustomization).toBe("patches:\n  - path: ollama-models-size.yaml\n");
  });
});

describe("expansionRefusal", () => {
  it("allows growing a Bound claim of an expandable class", () => {
    expect(expansionRefusal(claim, longhorn, 150 * GIB)).toBeUndefined();
  });
  it("refuses a shrink or the same size, with the reason", () => {
    expect(expansionRefusal(claim, longhorn, 50 * GIB)).toMatch(/^50Gi is not larger than the volume's current 100Gi: Kubernetes cannot shrink a volume/);
    expect(expansionRefusal(claim, longhorn, 100 * GIB)).toMatch(/not larger/);
  });
  it("refuses a class without allowVolumeExpansion, naming it", () => {
    expect(expansionRefusal({ ...claim, storageClass: "local-path" }, { name: "local-path", allowVolumeExpansion: false }, 150 * GIB)).toMatch(/^StorageClass "local-path" does not allow volume expansion/);
  });
  it("refuses an unbound claim, a claim without class, a resize in progress and absurd sizes", () => {
    expect(expansionRefusal({ ...claim, phase: "Pending" }, longhorn, 150 * GIB)).toMatch(/is Pending/);
    expect(expansionRefusal({ ...claim, storageClass: undefined }, undefined, 150 * GIB)).toMatch(/no StorageClass/);
    expect(expansionRefusal({ ...claim, resizing: true }, longhorn, 150 * GIB)).toMatch(/already being resized/);
    expect(expansionRefusal(claim, longhorn, 100 * 1024 * GIB)).toMatch(/over the console's limit/);
  });
});
