import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseDeclaredSet } from "./declared-set";
import { declareSnippet } from "../../shared/models/snippet";

const REG = ["registry.ollama.ai"];

describe("parseDeclaredSet", () => {
  it("reads names (tag defaulted), pins, keepAlive and prune", () => {
    const r = parseDeclaredSet("models:\n  - name: llama3.2\n    pin: true\n    keepAlive: 24h\n  - qwen2.5:7b\nprune: true\n", REG);
    expect(r).toEqual({
      ok: true,
      set: { prune: true, models: [{ name: "llama3.2:latest", pin: true, keepAlive: "24h" }, { name: "qwen2.5:7b", pin: false, keepAlive: undefined }] },
    });
  });

  it("an empty file declares nothing and prunes nothing", () => {
    expect(parseDeclaredSet("", REG)).toEqual({ ok: true, set: { models: [], prune: false } });
  });

  it.each([
    ["models:\n  - name: llama3.2\n   pin: true\n", 3, /./],
    ["models:\n  - name: llama3.2\n    pin: yes please\n", 3, /pin must be true or false/],
    ["models:\n  - name: llama3.2\n  - name: Llama3.2:latest\n", 3, /declared twice \(first on line 2\)/],
    ["models:\n  - name: evil.example.com/x/y\n", 2, /not allowed/],
    ["models:\n  - name: llama3.2\n    keepAlive: forever\n", 3, /keepAlive must be a duration/],
    ["models:\n  - name: llama3.2\nprune: maybe\n", 3, /prune must be true or false/],
    ["modles:\n  - name: llama3.2\n", 1, /unknown key "modles"/],
    ["models:\n  - pin: true\n", 2, /needs a name/],
  ])("names the line of the problem in %j", (text, line, message) => {
    const r = parseDeclaredSet(text, REG);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.line).toBe(line);
      expect(r.problem.message).toMatch(message);
    }
  });
});

describe("declareSnippet", () => {
  it("produces models.yaml entries that parse back to the same names", () => {
    const text = declareSnippet(["llama3.2:3b", "phi3:latest"], { pin: true });
    expect(text).toBe("models:\n  - name: llama3.2:3b\n    pin: true\n  - name: phi3:latest\n    pin: true\n");
    expect(parse(text)).toEqual({ models: [{ name: "llama3.2:3b", pin: true }, { name: "phi3:latest", pin: true }] });
    expect(parse(declareSnippet(["hf.co/org/repo:Q4_K_M", "odd name#1"]))).toEqual({ models: [{ name: "hf.co/org/repo:Q4_K_M" }, { name: "odd name#1" }] });
    const back = parseDeclaredSet(text, REG);
    expect(back.ok && back.set.models.map((m) => m.name)).toEqual(["llama3.2:3b", "phi3:latest"]);
  });
});
