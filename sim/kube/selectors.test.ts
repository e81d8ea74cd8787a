// Label and field selector parsing and matching, as list and watch use them.
import { describe, expect, it } from "vitest";
import { ApiError } from "./errors.ts";
import { defForKind } from "./resources.ts";
import { matchesLabelSelector, parseSelector } from "./selectors.ts";
import type { KubeObject } from "./types.ts";

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "ollama-0", namespace: "ollama", labels: { app: "ollama", tier: "gpu" } },
  spec: { nodeName: "n1" },
  status: { phase: "Running" },
};
const event: KubeObject = { apiVersion: "v1", kind: "Event", metadata: { name: "e1", namespace: "ollama" }, involvedObject: { kind: "Pod", name: "ollama-0" }, source: { component: "kubelet" } };

const matches = (kind: string, obj: KubeObject, labels: string | null, fields: string | null) => parseSelector(defForKind(kind), labels, fields).matches(obj);

describe("parseSelector", () => {
  it("matches equality, inequality, set and existence label requirements", () => {
    expect(matches("Pod", pod, "app=ollama,tier==gpu", null)).toBe(true);
    expect(matches("Pod", pod, "app!=ollama", null)).toBe(false);
    expect(matches("Pod", pod, "missing!=x", null)).toBe(true);
    expect(matches("Pod", pod, "tier in (cpu, gpu),app notin (web)", null)).toBe(true);
    expect(matches("Pod", pod, "app,!missing", null)).toBe(true);
    expect(matches("Pod", pod, "!app", null)).toBe(false);
    expect(matches("Pod", pod, "", "")).toBe(true);
  });

  it("matches the field labels each resource supports and rejects the rest", () => {
    expect(matches("Pod", pod, null, "status.phase=Running,spec.nodeName=n1,metadata.namespace=ollama")).toBe(true);
    expect(matches("Pod", pod, null, "status.phase!=Running")).toBe(false);
    expect(matches("Event", event, null, "involvedObject.kind=Pod,involvedObject.name=ollama-0,source=kubelet")).toBe(true);
    expect(() => parseSelector(defForKind("VolumeSnapshot"), null, "spec.source=x")).toThrow(ApiError);
    expect(() => parseSelector(defForKind("Pod"), "a b c", null)).toThrow(/unable to parse requirement/);
  });
});

describe("matchesLabelSelector", () => {
  it("applies matchLabels and matchExpressions; an empty selector selects nothing", () => {
    expect(matchesLabelSelector({ matchLabels: { app: "ollama" }, matchExpressions: [{ key: "tier", operator: "In", values: ["gpu"] }] }, pod.metadata.labels)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, pod.metadata.labels)).toBe(false);
    expect(matchesLabelSelector({}, pod.metadata.labels)).toBe(false);
  });
});
