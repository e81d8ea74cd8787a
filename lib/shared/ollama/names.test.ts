import { describe, expect, it } from "vitest";
import { checkAllowedName, checkModelName, checkPullName, displayName, nameKey } from "./names";

/** mulberry32: a tiny seeded PRNG so the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("checkModelName", () => {
  it.each([
    ["llama3.2", "llama3.2:latest", "registry.ollama.ai/library/llama3.2:latest"],
    ["llama3.2:3b", "llama3.2:3b", "registry.ollama.ai/library/llama3.2:3b"],
    ["registry.ollama.ai/library/llama3.2:latest", "llama3.2:latest", "registry.ollama.ai/library/llama3.2:latest"],
    ["https://registry.ollama.ai/library/llama3.2", "llama3.2:latest", "registry.ollama.ai/library/llama3.2:latest"],
    ["user/model", "user/model:latest", "registry.ollama.ai/user/model:latest"],
    ["hf.co/org/model:Q4_K_M", "hf.co/org/model:Q4_K_M", "hf.co/org/model:q4_k_m"],
    ["localhost:5000/ns/m:tag", "localhost:5000/ns/m:tag", "localhost:5000/ns/m:tag"],
    ["Llama3.2:LATEST", "Llama3.2:LATEST", "registry.ollama.ai/library/llama3.2:latest"],
    ["_x/_y:_z", "_x/_y:_z", "registry.ollama.ai/_x/_y:_z"],
    [`${"m".repeat(80)}:${"t".repeat(80)}`, `${"m".repeat(80)}:${"t".repeat(80)}`, `registry.ollama.ai/library/${"m".repeat(80)}:${"t".repeat(80)}`],
  ])("accepts %s", (raw, display, key) => {
    const check = checkModelName(raw);
    expect(check).toMatchObject({ ok: true, display, key });
  });

  it.each([
    ["", /Enter a model name/],
    ["foo bar", /spaces/],
    ["foo:", /tag is empty/],
    ["/foo", /namespace is empty/],
    ["a/b/c/d/e", /host "a\/b\/c"/],
    ["localhost:5000/m", /namespace "localhost:5000"/],
    ["ns.with.dots/m", /namespace "ns.with.dots"/],
    ["-model", /model "-model" must start/],
    ["model:.tag", /tag ".tag" must start/],
    ["m@sha256:abc", /digest/],
    ["http://host/ns/m", /only https registries/],
    ["x:cloud:local", /model "x:cloud"/],
    [`${"m".repeat(81)}`, /model is longer than 80/],
    ["x".repeat(1000), /at most/],
  ])("refuses %j with a reason", (raw, reason) => {
    const check = checkModelName(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it("refuses values that are not strings", () => {
    for (const value of [undefined, null, 42, {}, ["llama3.2"]]) expect(checkModelName(value).ok).toBe(false);
  });

  it("refuses thousands of fuzzed invalid names cleanly", () => {
    const random = prng(20260101);
    const valid = "abcXYZ019_.-:/";
    const poison = [" ", "\t", "\n", "!", "#", "$", "%", "&", "*", "+", ",", ";", "<", "=", ">", "?", "[", "]", "\\", "^", "`", "{", "|", "}", "~", "\"", "'", "é", "😀", "\u0000", "\u200b", "@"];
    const pick = (chars: string | string[]) => chars[Math.floor(random() * chars.length)] ?? "";
    for (let i = 0; i < 5000; i++) {
      const length = 1 + Math.floor(random() * 40);
      const chars = Array.from({ length }, () => pick(valid));
      chars.splice(Math.floor(random() * (length + 1)), 0, pick(poison));
      const raw = chars.join("");
      const check = checkModelName(raw);
      expect(check.ok, raw).toBe(false);
      if (!check.ok) expect(check.reason.length).toBeGreaterThan(10);
    }
  });

  it("accepts only names whose display form parses back to the same model", () => {
    const random = prng(7);
    const alphabet = "ab09_.-:/";
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const raw = Array.from({ length: 1 + Math.floor(random() * 16) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const check = checkModelName(raw);
      if (!check.ok) continue;
      accepted++;
      expect(checkModelName(check.display)).toMatchObject({ ok: true, key: check.key });
      expect(displayName(check.ref)).toBe(check.display);
      expect(nameKey(check.ref)).toBe(check.key);
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

describe("checkPullName", () => {
  it("allows the default registry and refuses others, naming the setting", () => {
    expect(checkPullName("llama3.2", ["registry.ollama.ai"]).ok).toBe(true);
    expect(checkPullName("hf.co/org/m:Q4_K_M", ["Registry.Ollama.AI", "HF.co"]).ok).toBe(true);
    const refused = checkPullName("evil.example.com/ns/m", ["registry.ollama.ai"]);
    expect(refused).toEqual({
      ok: false,
      reason: "Pulling from evil.example.com is not allowed here (allowed registries: registry.ollama.ai; setting PULL_REGISTRIES)",
    });
  });

  it("reports grammar problems before the allow-list", () => {
    expect(checkPullName("bad name", ["registry.ollama.ai"])).toMatchObject({ ok: false, reason: expect.stringMatching(/spaces/) as unknown });
  });
});

describe("checkAllowedName", () => {
  it("refuses a foreign registry host (even a link-local address) for any use of a name", () => {
    expect(checkAllowedName("qwen2.5:7b", ["registry.ollama.ai"]).ok).toBe(true);
    expect(checkAllowedName("169.254.169.254/x/y", ["registry.ollama.ai"])).toEqual({
      ok: false,
      reason: "Models from 169.254.169.254 are not allowed here (allowed registries: registry.ollama.ai; setting PULL_REGISTRIES)",
    });
    expect(checkAllowedName("x/y", [])).toMatchObject({ ok: false, reason: expect.stringMatching(/allowed registries: none/) as unknown });
  });
});
