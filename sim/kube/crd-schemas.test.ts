import { describe, expect, it } from "vitest";
import { applySchemaDefaults, prune, type SchemaNode } from "./crd-schemas.ts";

const schema: SchemaNode = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        name: { type: "string" },
        size: { type: "string", nullable: true },
        mode: { type: "string", default: "fast" },
        labels: { type: "object", additionalProperties: { type: "string" } },
        items: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } },
        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { known: { type: "object", properties: { a: { type: "string" } } } } },
        tags: { type: "array" },
      },
    },
  },
};

describe("structural pruning", () => {
  it("drops undeclared fields below declared ones, sorted by path, keeps what preserve-unknown-fields keeps", () => {
    const obj = {
      apiVersion: "x/v1",
      kind: "X",
      metadata: { name: "x" },
      zz: 1,
      spec: { name: "n", extra: 1, labels: { a: "b" }, items: [{ id: "1", odd: true }, { id: "2" }], free: { anything: [1], known: { a: "b", b: "c" } }, tags: [{ k: 1 }] },
    };
    const pruned = prune(obj, schema);
    expect(pruned.fields).toEqual([
      ["spec.extra", ["spec", "extra"]],
      ["spec.free.known.b", ["spec", "free", "known", "b"]],
      ["spec.items[0].odd", ["spec", "items", 0, "odd"]],
      ["spec.tags[0].k", ["spec", "tags", 0, "k"]],
      ["zz", ["zz"]],
    ]);
    expect(obj).toEqual({ apiVersion: "x/v1", kind: "X", metadata: { name: "x" }, spec: { name: "n", labels: { a: "b" }, items: [{ id: "1" }, { id: "2" }], free: { anything: [1], known: { a: "b" } }, tags: [{}] } });
  });

  it("drops a null the schema does not allow, silently, and keeps a nullable one or one with a default", () => {
    const obj = { spec: { name: null, size: null, mode: null } };
    expect(prune(obj, schema)).toEqual({ fields: [], nulls: [["spec", "name"]] });
    expect(obj).toEqual({ spec: { size: null, mode: null } });
    // A null with a default takes the default.
    applySchemaDefaults(obj, schema);
    expect(obj).toEqual({ spec: { size: null, mode: "fast" } });
  });

  it("fills declared defaults of absent fields only", () => {
    const obj: Record<string, unknown> = { spec: { name: "n" } };
    applySchemaDefaults(obj, schema);
    expect(obj).toEqual({ spec: { name: "n", mode: "fast" } });
    const set = { spec: { mode: "slow" } };
    applySchemaDefaults(set, schema);
    expect(set).toEqual({ spec: { mode: "slow" } });
  });
});
