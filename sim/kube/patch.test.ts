// RFC 7386 merge patch and RFC 6902 JSON patch, including the failures the apiserver reports as 422.
import { describe, expect, it } from "vitest";
import { applyPatch, jsonPatch, mergePatch, PatchError } from "./patch.ts";
import { defForKind } from "./resources.ts";

describe("mergePatch", () => {
  it("merges objects recursively, deletes on null and replaces arrays whole", () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, list: [1, 2], gone: true }, { a: { c: 3, d: 4 }, list: [3], gone: null })).toEqual({ a: { b: 1, c: 3, d: 4 }, list: [3] });
  });
});

describe("jsonPatch", () => {
  const doc = { metadata: { labels: { "app.kubernetes.io/name": "ollama" } }, spec: { containers: [{ name: "a" }, { name: "b" }] } };

  it("adds, replaces, removes, moves and copies with escaped pointers and array indexes", () => {
    const out = jsonPatch(doc, [
      { op: "add", path: "/metadata/labels/team~1owner", value: "ml" },
      { op: "replace", path: "/metadata/labels/app.kubernetes.io~1name", value: "ollama2" },
      { op: "add", path: "/spec/containers/-", value: { name: "c" } },
      { op: "remove", path: "/spec/containers/0" },
      { op: "copy", from: "/spec/containers/0", path: "/spec/first" },
      { op: "move", from: "/spec/first", path: "/spec/moved" },
      { op: "test", path: "/spec/moved/name", value: "b" },
    ]);
    expect(out).toEqual({ metadata: { labels: { "app.kubernetes.io/name": "ollama2", "team/owner": "ml" } }, spec: { containers: [{ name: "b" }, { name: "c" }], moved: { name: "b" } } });
    expect(doc.spec.containers).toHaveLength(2);
  });

  it("fails on a failed test, a missing parent, a bad index or removing what is absent", () => {
    expect(() => jsonPatch(doc, [{ op: "test", path: "/spec/containers/0/name", value: "z" }])).toThrow(PatchError);
    expect(() => jsonPatch(doc, [{ op: "add", path: "/status/phase", value: "Running" }])).toThrow(/missing value/);
    expect(() => jsonPatch(doc, [{ op: "replace", path: "/spec/containers/5", value: {} }])).toThrow(/invalid index/);
    expect(() => jsonPatch(doc, [{ op: "remove", path: "/metadata/annotations" }])).toThrow(/nonexistent key/);
  });
});

describe("applyPatch", () => {
  it("treats strategic merge as a merge patch for built-in kinds and refuses it for custom resources", () => {
    expect(applyPatch(defForKind("Pod"), "application/strategic-merge-patch+json", { a: 1 }, '{"b":2}')).toEqual({ a: 1, b: 2 });
    expect(() => applyPatch(defForKind("VolumeSnapshot"), "application/strategic-merge-patch+json", {}, "{}")).toThrow(/unknown format/);
    expect(() => applyPatch(defForKind("Pod"), "text/plain", {}, "{}")).toThrow(/unknown format/);
  });
});
