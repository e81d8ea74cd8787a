// The ring rules of eslint.rings.mjs fire on the imports issue 18 forbids and stay quiet on the ones it allows.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM config module without types
import { rings } from "../../eslint.rings.mjs";

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  // Syntax only (no type information), so virtual files that do not exist on disk can be linted.
  overrideConfig: [{ files: ["**/*.ts", "**/*.tsx"], languageOptions: { parser: tseslint.parser }, plugins: { "@typescript-eslint": tseslint.plugin } }, ...(rings as [])],
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
}

const RING_RULE = "@typescript-eslint/no-restricted-imports";

describe("ring lint rules", () => {
  it.each([
    ["a feature imports client-node", "lib/features/snapshots/create.ts", 'import { CoreV1Api } from "@kubernetes/client-node";\nvoid CoreV1Api;'],
    ["a feature imports the ollama SDK", "lib/features/models/x.ts", 'import { Ollama } from "ollama";\nvoid Ollama;'],
    ["a feature imports the ollama SDK's browser entry", "lib/features/models/y.ts", 'import { Ollama } from "ollama/browser";\nvoid Ollama;'],
    ["a route imports prom-client", "app/api/x/route.ts", 'import { Registry } from "prom-client";\nvoid Registry;'],
    ["a feature imports a client-node type", "lib/features/pulls/x.ts", 'import type { V1Pod } from "@kubernetes/client-node";\nexport type P = V1Pod;'],
    ["shared imports server-only", "lib/shared/format.ts", 'import "server-only";'],
    ["shared imports a door", "lib/shared/snapshots/sizing.ts", 'import { kube } from "../../doors/kubernetes/client";\nvoid kube;'],
    ["shared imports a feature by alias", "lib/shared/overview/backup.ts", 'import { audit } from "@/lib/features/audit";\nvoid audit;'],
    ["shared imports a Node built-in", "lib/shared/x.ts", 'import { readFile } from "node:fs/promises";\nvoid readFile;'],
    ["shared imports next/headers", "lib/shared/x.ts", 'import { cookies } from "next/headers";\nvoid cookies;'],
    ["a component imports a feature", "components/models/x.tsx", 'import { startPull } from "@/lib/features/pulls/manager";\nvoid startPull;'],
    ["a component imports a door", "components/overview/x.tsx", 'import { kube } from "@/lib/doors/kubernetes/client";\nvoid kube;'],
    ["a component imports client-node", "components/overview/y.tsx", 'import { V1Pod } from "@kubernetes/client-node";\nvoid V1Pod;'],
  ])("fires when %s", async (_what, filePath, code) => {
    const found = await problems(filePath, code);
    expect(found.length).toBe(1);
    expect(found[0]).toContain(RING_RULE);
  });

  it.each([
    ["a door imports client-node", "lib/doors/kubernetes/client.ts", 'import * as k8s from "@kubernetes/client-node";\nvoid k8s;'],
    ["metrics import prom-client", "lib/features/metrics/index.ts", 'import { Registry } from "prom-client";\nvoid Registry;'],
    ["a feature imports a door", "lib/features/snapshots/create.ts", 'import { createSnapshot } from "../../doors/kubernetes/snapshots";\nvoid createSnapshot;'],
    ["a feature imports shared", "lib/features/pulls/x.ts", 'import { formatBytes } from "@/lib/shared/format";\nvoid formatBytes;'],
    ["shared imports shared and zod", "lib/shared/snapshots/input.ts", 'import { z } from "zod";\nimport { nameProblem } from "./names";\nvoid z; void nameProblem;'],
    ["shared imports a server type", "lib/shared/overview/types.ts", 'import type { Freshness } from "../../doors/kubernetes/reflector";\nexport type F = Freshness;'],
    ["a component imports shared", "components/snapshots/x.tsx", 'import { snapshotState } from "@/lib/shared/snapshots/state";\nvoid snapshotState;'],
    ["a component imports a feature's type", "components/models/x.tsx", 'import type { PullJob } from "@/lib/features/pulls/job";\nexport type J = PullJob;'],
    ["a feature's test builds a client-node fixture", "lib/features/overview/pods.test.ts", 'import type { V1Pod } from "@kubernetes/client-node";\nexport const pod: V1Pod = {};'],
    ["a shared module's test reaches a feature", "lib/shared/snapshots/state.test.ts", 'import { pickClass } from "../../features/snapshots/classes";\nvoid pickClass;'],
    ["a route imports a feature", "app/api/pulls/route.ts", 'import { startPull } from "@/lib/features/pulls/manager";\nvoid startPull;'],
    ["a feature imports the Ollama door", "lib/features/models/delete.ts", 'import { readModels } from "../../doors/ollama/cache";\nvoid readModels;'],
    ["a route imports the Ollama door by alias", "app/api/models/route.ts", 'import { readModels } from "@/lib/doors/ollama/cache";\nvoid readModels;'],
    ["a component imports the shared model-name grammar", "components/models/pull-form.tsx", 'import { checkPullName } from "@/lib/shared/ollama/names";\nvoid checkPullName;'],
  ])("passes when %s", async (_what, filePath, code) => {
    expect(await problems(filePath, code)).toEqual([]);
  });
});

describe("the project's ESLint config", () => {
  it("applies the ring rules to each ring", async () => {
    const project = new ESLint({ cwd: process.cwd() });
    const ringRule = async (file: string) => JSON.stringify(((await project.calculateConfigForFile(file)) as { rules: Record<string, unknown> }).rules[RING_RULE]);
    expect(await ringRule("lib/features/pulls/manager.ts")).toContain("client-node");
    expect(await ringRule("lib/shared/format.ts")).toContain("server-only");
    expect(await ringRule("components/models/pull-form.tsx")).toContain("**/features/**");
    expect(await ringRule("lib/doors/kubernetes/client.ts")).toBeUndefined();
  });
});
