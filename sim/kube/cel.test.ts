import { describe, expect, it } from "vitest";
import { CelEvalError, CelSyntaxError, compile } from "./cel.ts";

describe("the CEL subset of CRD validation rules", () => {
  it("reads fields, has(), size() and the string methods on self", () => {
    const obj = { a: "x", list: [1, 2], namespace: "ns" };
    expect(compile("has(self.a) && !has(self.b)").eval(obj)).toBe(true);
    expect(compile("size(self.list) > 1 && self.list.size() == 2").eval(obj)).toBe(true);
    expect(compile("self.a.startsWith('x') || self.a.endsWith(\"y\")").eval(obj)).toBe(true);
    expect(compile("self.a.contains('z')").eval(obj)).toBe(false);
    // A reserved word as a property name is escaped as __word__.
    expect(compile("has(self.__namespace__) && self.__namespace__ == 'ns'").eval(obj)).toBe(true);
    expect(compile("(has(self.a) && !has(self.list)) || (!has(self.a) && has(self.list))").eval(obj)).toBe(false);
  });

  it("compares with oldSelf and marks such a rule as a transition rule", () => {
    const rule = compile("self == oldSelf");
    expect(rule.usesOldSelf).toBe(true);
    expect(rule.eval({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(rule.eval("x", "y")).toBe(false);
    expect(compile("!has(oldSelf.a) || has(self.a)").eval({}, { a: 1 })).toBe(false);
    expect(compile("size(self) > 0").usesOldSelf).toBe(false);
  });

  it("fails to select a missing field, and refuses what it does not implement", () => {
    expect(() => compile("self.missing == 1").eval({})).toThrow(CelEvalError);
    expect(() => compile("self.all(x, x > 0)")).toThrow(CelSyntaxError);
    expect(() => compile("self.a + 1 > 2")).toThrow(CelSyntaxError);
    expect(() => compile("other.a")).toThrow(CelSyntaxError);
  });
});
