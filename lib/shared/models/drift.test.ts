import { describe, expect, it } from "vitest";
import { computeDrift, driftSummary } from "./drift";
import type { ModelUpdate } from "../../features/models/update-types";

const update = (model: string, state: ModelUpdate["state"]): ModelUpdate => ({ model, state, newBytes: 1, sharedBytes: 0, fit: "fits", reason: null, checkedAt: "", digest: "" });

describe("computeDrift", () => {
  const declared = {
    prune: false,
    models: [
      { name: "llama3.2:3b", pin: true, keepAlive: undefined },
      { name: "phi3:latest", pin: false, keepAlive: undefined },
      { name: "qwen2.5:7b", pin: true, keepAlive: undefined },
    ],
  };
  it("sorts declared and installed models into the four classes, matching names case-insensitively", () => {
    const d = computeDrift(
      declared,
      [{ name: "Llama3.2:3b" }, { name: "qwen2.5:7b" }, { name: "mistral:7b" }],
      [update("qwen2.5:7b", "update_available"), update("Llama3.2:3b", "up_to_date")],
      [{ name: "llama3.2:3b", keptLoaded: false }, { name: "qwen2.5:7b", keptLoaded: true }],
    );
    expect(d).toEqual({ missing: ["phi3:latest"], extra: ["mistral:7b"], outdated: ["qwen2.5:7b"], pinnedNotLoaded: ["llama3.2:3b"] });
    expect(driftSummary(d)).toBe("1 missing · 1 extra · 1 outdated · 1 pinned but not loaded");
  });
  it("a missing pinned model is Missing, not also 'pinned but not loaded'", () => {
    const d = computeDrift(declared, [], [], []);
    expect(d.pinnedNotLoaded).toEqual([]);
    expect(d.missing).toHaveLength(3);
    expect(driftSummary({ missing: [], extra: [], outdated: [], pinnedNotLoaded: [] })).toBe("In sync with the declared set");
  });
});
