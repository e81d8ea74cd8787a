import { describe, expect, it } from "vitest";
import { crdSchema, type SchemaNode } from "./crd-schemas.ts";
import { customResourceErrors } from "./crd-validation.ts";
import { compile } from "./cel.ts";
import { RESOURCES } from "./resources.ts";

const schema: SchemaNode = {
  type: "object",
  "x-kubernetes-validations": [{ rule: "!has(self.spec) || !has(self.spec.b) || self.spec.b != 'root'" }],
  properties: {
    metadata: { type: "object" },
    spec: {
      type: "object",
      properties: {
        a: { type: "string", enum: ["x", "y"] },
        b: { type: "string", "x-kubernetes-validations": [{ rule: "size(self) > 1", message: " too short " }] },
        when: { type: "string", format: "date-time" },
        limit: { type: "integer", maximum: 9223372036854775000 },
        ratio: { type: "number", maximum: 2.5 },
      },
    },
  },
};
const fields = (obj: Record<string, unknown>, old?: Record<string, unknown>) => customResourceErrors(schema, obj, [], old).map((e) => `${e.field}: ${e.body}`);

describe("custom resource validation by the CRD's schema", () => {
  it("checks RFC 3339 date-times as strfmt does and prints a maximum as Go does, as a float64 or an int64", () => {
    const when = (value: string) => fields({ spec: { when: value } });
    expect([when("2024-02-29T23:59:59Z"), when("2024-01-01t00:00:00.123+05:30")]).toEqual([[], []]);
    for (const bad of ["2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "2024-1-01T00:00:00Z"]) {
      expect(when(bad)[0]).toBe(`spec.when: Invalid value: "${bad}": spec.when in body must be of type date-time: "${bad}"`);
    }
    expect(fields({ spec: { limit: 1e19 } }).slice(0, 2)).toEqual([
      'spec.limit: Invalid value: "number": spec.limit in body must be of type integer: "number"',
      "spec.limit: Invalid value: 1e+19: spec.limit in body should be less than or equal to 9.223372036854775e+18",
    ]);
    // Against an int64 the bound is made an int64 too (MaximumNativeType), against a float64 it stays one.
    expect([fields({ spec: { ratio: 3 } }), fields({ spec: { ratio: 2.7 } })]).toEqual([
      ["spec.ratio: Invalid value: 3: spec.ratio in body should be less than or equal to 2"],
      ["spec.ratio: Invalid value: 2.7: spec.ratio in body should be less than or equal to 2.5"],
    ]);
  });

  it("runs the CEL rules only without a blocking error, and names a root rule's field <nil>", () => {
    expect(fields({ spec: { b: "x" } })).toEqual(['spec.b: Invalid value: "string": too short']);
    expect(fields({ spec: { b: "root" } })).toEqual([`<nil>: Invalid value: "object": failed rule: ${schema["x-kubernetes-validations"]![0]!.rule}`]);
    expect(fields({ spec: { a: "z", b: "x" } })).toEqual([
      'spec.a: Unsupported value: "z": supported values: "x", "y"',
      "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
    ]);
  });

  it("ratchets an update: a field left as stored reports nothing, a changed one does", () => {
    const stored = { spec: { a: "z", b: "x" } };
    expect(fields({ spec: { a: "z", b: "x", when: "2024-01-01T00:00:00Z" } }, stored)).toEqual([]);
    expect(fields({ spec: { a: "w", b: "x" } }, stored)).toEqual(['spec.a: Unsupported value: "w": supported values: "x", "y"', expect.stringContaining("not checked") as unknown as string]);
  });

  it("implements every CEL rule of the served CRDs", () => {
    const rules: string[] = [];
    const collect = (s: SchemaNode | undefined): void => {
      if (!s) return;
      rules.push(...(s["x-kubernetes-validations"] ?? []).map((r) => r.rule));
      for (const child of [...Object.values(s.properties ?? {}), s.items, typeof s.additionalProperties === "object" ? s.additionalProperties : undefined]) collect(child);
    };
    for (const def of RESOURCES.filter((d) => d.crd)) collect(crdSchema(def));
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) expect(() => compile(rule), rule).not.toThrow();
  });
});
