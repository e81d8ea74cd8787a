// keep_alive decoding and Go time/JSON formatting, the small wire rules clients trip over.
import { describe, expect, it } from "vitest";
import { FOREVER_MS, parseGoDuration, parseKeepAlive } from "./duration.ts";
import { goJson, goTime } from "./http.ts";

describe("keep_alive", () => {
  it.each([
    [300, 300_000],
    [1.9, 1000],
    [0, 0],
    ["0", 0],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
    ["250ms", 250],
    [-1, FOREVER_MS],
    ["-1m", FOREVER_MS],
  ])("%j → %d ms", (value, ms) => expect(parseKeepAlive(value)).toBe(ms));

  it("is undefined when absent so the 5m default applies", () => expect(parseKeepAlive(undefined)).toBeUndefined());

  it.each([
    ["-1", 'time: missing unit in duration "-1"'],
    ["5d", 'time: unknown unit "d" in duration "5d"'],
    ["abc", 'time: invalid duration "abc"'],
    ["", 'time: invalid duration ""'],
  ])("rejects %j with Go's message", (text, message) => expect(() => parseGoDuration(text)).toThrow(message));
});

describe("Go formatting", () => {
  it("prints RFC3339Nano with trailing zeros trimmed and Z for UTC", () => {
    expect(goTime(new Date("2025-05-04T17:37:44.700Z"), true)).toBe("2025-05-04T17:37:44.7Z");
    expect(goTime(new Date("2025-05-04T17:37:44.000Z"), true)).toBe("2025-05-04T17:37:44Z");
    expect(goTime(new Date(Date.now() + FOREVER_MS), true)).toMatch(/^23\d\d-/);
  });

  it("escapes <, > and & like encoding/json", () => {
    expect(goJson({ t: "<|eot_id|> & more" })).toBe('{"t":"\\u003c|eot_id|\\u003e \\u0026 more"}');
  });
});
