// The console's memory budget (issue 19): the V8 heap cap the pod and the image run with, and the container's memory
// request and limit, agree with each other and with what `npm run bench:soak` measured (README, "Memory budget").
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { MIB, quantityBytes } from "../../scripts/support/soak-stats.ts";
import { find, render, type K8sObject } from "./deploy-fixture";

/** Peak RSS of the 30-minute bench:soak (50 viewers, 3 pulls, 1 SSE client): what the pod requests at least. */
const STEADY_RSS_MIB = 292;
/**
 * Measured by bench:soak at that load: RSS beyond the V8 heap's used bytes (the young generation, compiled code, the
 * binary, Buffers, malloc). The limit must hold the heap cap plus this, so a heap that reaches its cap fails as
 * "JavaScript heap out of memory" with a stack in the log, not as a silent OOM kill.
 */
const BEYOND_HEAP_USED_MIB = 190;

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

let console_: Container;
let dockerfile: string;

beforeAll(async () => {
  const objects: K8sObject[] = await render("overlays/homelab");
  const deployment = find(objects, "Deployment", "ollama-ops").spec as { template: { spec: { containers: Container[] } } };
  console_ = deployment.template.spec.containers.find((c) => c.name === "console")!;
  dockerfile = await readFile(new URL("../../Dockerfile", import.meta.url), "utf8");
});

const heapCap = (nodeOptions: string | undefined) => Number(/--max-old-space-size=(\d+)/.exec(nodeOptions ?? "")?.[1] ?? NaN);

describe("the console's memory budget", () => {
  it("caps V8's heap in the pod and in the image alike", () => {
    const pod = console_.env?.find((e) => e.name === "NODE_OPTIONS")?.value;
    const image = /^ENV\s.*\bNODE_OPTIONS=("[^"]*"|\S+)/m.exec(dockerfile)?.[1]?.replace(/^"(.*)"$/, "$1");
    expect(heapCap(pod)).toBeGreaterThan(0);
    expect(image, "the Dockerfile's runtime ENV sets NODE_OPTIONS").toBe(pod);
  });

  it("caps glibc's malloc arenas in the pod and in the image alike", () => {
    const pod = console_.env?.find((e) => e.name === "MALLOC_ARENA_MAX")?.value;
    const image = /^ENV\s.*\bMALLOC_ARENA_MAX=(\S+)/m.exec(dockerfile)?.[1];
    expect(pod).toBe("2");
    expect(image, "the Dockerfile's runtime ENV sets MALLOC_ARENA_MAX").toBe(pod);
  });

  it("sets a limit that holds the heap cap plus the measured non-heap memory, and requests the measured RSS", () => {
    const limit = quantityBytes(console_.resources?.limits?.memory ?? "") ?? NaN;
    const request = quantityBytes(console_.resources?.requests?.memory ?? "") ?? NaN;
    const cap = heapCap(console_.env?.find((e) => e.name === "NODE_OPTIONS")?.value) * MIB;
    expect(cap + BEYOND_HEAP_USED_MIB * MIB).toBeLessThanOrEqual(limit);
    // bench:soak's goal: the steady RSS at most 60 % of the limit.
    expect(STEADY_RSS_MIB * MIB).toBeLessThanOrEqual(0.6 * limit);
    expect(request).toBeGreaterThanOrEqual(STEADY_RSS_MIB * MIB);
    expect(request).toBeLessThanOrEqual(limit);
  });
});
