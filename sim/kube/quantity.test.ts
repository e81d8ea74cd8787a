import { describe, expect, it } from "vitest";
import { QUANTITY_CASES } from "../../tests/support/quantity-cases.ts";
import { canonicalQuantities, canonicalQuantity, quantityError } from "./quantity.ts";

describe("canonicalQuantity", () => {
  it.each(QUANTITY_CASES)("stores %s as %s in a ResourceList, as kube-apiserver v1.34 does", (sent, stored) => {
    expect(canonicalQuantity(sent, true)).toBe(stored);
  });

  it("rounds up to billionths outside a ResourceList (an emptyDir's sizeLimit)", () => {
    expect(canonicalQuantity("0.1n")).toBe("1n");
    expect(canonicalQuantity("1.0001n")).toBe("2n");
    expect(canonicalQuantity("1.1e-3")).toBe("1100e-6");
    expect(canonicalQuantity("1500m")).toBe("1500m");
  });

  it("rounds an exponent far below the finest unit up to that unit at once", () => {
    // The exponent form stays an exponent (DecimalExponent), as "1.1e-3" stays "1100e-6".
    expect(canonicalQuantity("1e-2000000000")).toBe("1e-9");
    expect(canonicalQuantity("1e-2000000000", true)).toBe("1e-3");
    expect(canonicalQuantity("123e-12", true)).toBe("1e-3");
    expect(canonicalQuantity("-1e-2000000000")).toBe("-1e-9");
    expect(canonicalQuantity("0.0000000000001m", true)).toBe("1m");
  });

  it("trims spaces as UnmarshalJSON does, agreeing with quantityError", () => {
    expect(quantityError(" 2 ")).toBeUndefined();
    expect(canonicalQuantity(" 2 ", true)).toBe("2");
    expect(canonicalQuantity(" 1000m ", true)).toBe("1");
    expect(canonicalQuantity("\t512Mi\n")).toBe("512Mi");
  });

  it("keeps the sign of a negative quantity and refuses what is no quantity", () => {
    expect(canonicalQuantity("-1000m")).toBe("-1");
    expect(canonicalQuantity("-0.5Gi")).toBe("-512Mi");
    for (const bad of ["", "-", "1Z", "1.2.3", "1e", "1ki"]) expect(canonicalQuantity(bad)).toBeUndefined();
  });

  it("refuses what kube-apiserver's decoder cannot read, with its reason", () => {
    for (const bad of ["abc", "1.5.3", "", "1Qi", "0.0.1"]) expect(quantityError(bad)).toMatch(/^quantities must match the regular expression/);
    for (const bad of ["1e", "1Ei0", "+-1", "1ki"]) expect(quantityError(bad)).toBe("unable to parse quantity's suffix");
    for (const good of ["-1", " 2 ", ".", "1.Gi", "1e+3", "99999999999999999999999999E", 3]) expect(quantityError(good)).toBeUndefined();
  });

  it("rewrites the quantities of a Deployment's pod template, a PVC and a Node, and leaves other values", () => {
    const deploy = { kind: "Deployment", spec: { template: { spec: { containers: [{ resources: { limits: { cpu: "1000m", memory: "0.5Gi" } } }], volumes: [{ emptyDir: { sizeLimit: "1024Mi" } }] } } } };
    canonicalQuantities(deploy);
    expect(deploy.spec.template.spec).toEqual({ containers: [{ resources: { limits: { cpu: "1", memory: "512Mi" } } }], volumes: [{ emptyDir: { sizeLimit: "1Gi" } }] });
    const pvc = { kind: "PersistentVolumeClaim", spec: { resources: { requests: { storage: "1024Gi" } } }, status: { capacity: { storage: "not a size" } } };
    canonicalQuantities(pvc);
    expect(pvc).toMatchObject({ spec: { resources: { requests: { storage: "1Ti" } } }, status: { capacity: { storage: "not a size" } } });
    const node = { kind: "Node", status: { capacity: { cpu: "8000m", "nvidia.com/gpu": "1" }, allocatable: { memory: "32768Mi" } } };
    canonicalQuantities(node);
    expect(node.status).toEqual({ capacity: { cpu: "8", "nvidia.com/gpu": "1" }, allocatable: { memory: "32Gi" } });
  });
});
