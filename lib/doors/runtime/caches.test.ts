import { describe, expect, it, vi } from "vitest";
import { registerCache, registeredCaches, registerMap, registerWorkers, resetCaches, resetProcessState } from "./caches";
import { coalescer } from "./coalesce";

describe("the cache registry", () => {
  it("resetCaches empties every registered cache; resetProcessState also stops the workers", async () => {
    const c = registerCache("test: coalesced", coalescer<number>(60_000));
    const m = registerMap("test: map", new Map([["a", 1]]));
    const stop = vi.fn();
    registerWorkers("test: workers", stop);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await c.get("k", load)).toBe(1);
    expect(await c.get("k", load)).toBe(1);

    resetCaches();
    expect(await c.get("k", load)).toBe(2);
    expect(m.size).toBe(0);
    expect(stop).not.toHaveBeenCalled();

    m.set("b", 2);
    resetProcessState();
    expect(await c.get("k", load)).toBe(3);
    expect(m.size).toBe(0);
    expect(stop).toHaveBeenCalledOnce();
  });

  // Lifetimes chosen for production, each with its reason beside it in its module. Issue 18: two of them had been
  // cut to hide flaky browser tests (snapshot classes 10 s → 2 s, permission reviews → 2 s); a test that needs a cold
  // cache calls resetCaches() instead, and a browser test waits for the state it needs. Changing a value here needs a
  // production reason in that module's comment.
  it("keeps the production lifetimes", async () => {
    await Promise.all([
      import("../../features/audit/activity"),
      import("../../features/disk"),
      import("../../features/disk/history"),
      import("../../features/exposure"),
      import("../../features/logs/gpu"),
      import("../../features/logs/settings-view"),
      import("../../features/metrics"),
      import("../ollama/cache"),
      import("../../features/overview/probe"),
      import("../../features/overview/ollama-state"),
      import("../../features/models/footprint"),
      import("../../features/snapshots/access"),
      import("../../features/snapshots/read"),
      import("../../features/snapshots/restore"),
    ]);
    const lifetimes = Object.fromEntries(registeredCaches().map((c) => [c.name, c.lifetimeMs]));
    expect(lifetimes).toMatchObject({
      "activity from Events": 5_000,
      "disk history from Prometheus": 30_000,
      "disk usage": 5_000,
      "effective settings view": 2_000,
      "exposure report": 15_000,
      "external URL probe": 15_000,
      "GPU view": 2_000,
      "metrics scrape": 1_000,
      "Ollama installed models": 2_000,
      "Ollama loaded models": 2_000,
      "Ollama version": 2_000,
      "permission reviews": 5_000,
      "restored claims": 1_000,
      "snapshot classes": 10_000,
      "snapshot content policies": 5_000,
      "snapshot lists": 1_000,
    });
  });
});
