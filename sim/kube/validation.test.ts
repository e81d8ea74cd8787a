import { describe, expect, it } from "vitest";
import { ApiError } from "./errors.ts";
import { defForKind } from "./resources.ts";
import { prepareCreate, prepareUpdate } from "./strategy.ts";

const template = (labels?: Record<string, string>) => ({ metadata: labels ? { labels } : {}, spec: { containers: [{ name: "c", image: "x" }] } });
const workload = (kind: "Deployment" | "ReplicaSet", spec: Record<string, unknown>) => ({ apiVersion: "apps/v1", kind, metadata: { name: "w", namespace: "ns" }, spec });

function refusal(run: () => unknown): { code: number; message: string; causes: unknown } {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, message: err.status.message, causes: err.status.details?.causes };
    throw err;
  }
  throw new Error("not refused");
}

describe("apps/v1 selector validation", () => {
  it.each(["Deployment", "ReplicaSet"] as const)("refuses a %s without a selector, with an empty one, or with one its template's labels miss", (kind) => {
    const def = defForKind(kind);
    const create = (spec: Record<string, unknown>) => refusal(() => prepareCreate(def, workload(kind, spec), "ns"));
    expect(create({ template: template({ app: "x" }) })).toEqual({
      code: 422,
      message: `${kind}.apps "w" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"x"}: \`selector\` does not match template \`labels\`]`,
      causes: [
        { reason: "FieldValueRequired", message: "Required value", field: "spec.selector" },
        { reason: "FieldValueInvalid", message: 'Invalid value: {"app":"x"}: `selector` does not match template `labels`', field: "spec.template.metadata.labels" },
      ],
    });
    expect(create({ selector: { matchLabels: {} }, template: template({ app: "x" }) }).message).toBe(`${kind}.apps "w" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment`);
    expect(create({ selector: { matchLabels: { app: "y", b: "1" } }, template: template({ b: "1", app: "x" }) }).message).toBe(
      `${kind}.apps "w" is invalid: spec.template.metadata.labels: Invalid value: {"app":"x","b":"1"}: \`selector\` does not match template \`labels\``,
    );
    expect(create({ selector: { matchLabels: { app: "x" } }, template: template() }).message).toMatch(/Invalid value: null: `selector` does not match template `labels`$/);
  });

  it("defaults a ReplicaSet's replicas and pod template and checks its containers' resources, as a Deployment's", () => {
    const def = defForKind("ReplicaSet");
    const sent = (limits: Record<string, string>) =>
      workload("ReplicaSet", { selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "x", resources: { limits } }] } } });
    const stored = prepareCreate(def, sent({ cpu: "1000m" }), "ns");
    expect(stored.spec).toMatchObject({ replicas: 1, template: { spec: { restartPolicy: "Always", containers: [{ name: "c", resources: { limits: { cpu: "1" } } }] } } });
    expect(refusal(() => prepareCreate(def, sent({ cpu: "-1" }), "ns")).message).toBe(
      'ReplicaSet.apps "w" is invalid: spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    );
  });

  it.each(["Deployment", "ReplicaSet"] as const)("keeps a %s's selector immutable on update", (kind) => {
    const def = defForKind(kind);
    const old = prepareCreate(def, workload(kind, { selector: { matchLabels: { app: "x" } }, template: template({ app: "x", v: "1" }) }), "ns");
    const changed = { ...old, spec: { ...(old.spec as Record<string, unknown>), selector: { matchLabels: { v: "1" } } } };
    expect(refusal(() => prepareUpdate(def, changed, old, undefined)).message).toBe(`${kind}.apps "w" is invalid: spec.selector: Invalid value: {"matchLabels":{"v":"1"}}: field is immutable`);
    const same = { ...old, spec: { ...(old.spec as Record<string, unknown>), replicas: 3 } };
    expect(prepareUpdate(def, same, old, undefined).spec).toMatchObject({ replicas: 3 });
  });
});
