// `npm run cluster` refuses bad input and missing pieces with one clear line, before or after starting anything, and
// leaves no process, no temporary directory and no kubeconfig behind. Hermetic: no cluster is started.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cluster-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stacks = () => readdirSync(tmpdir()).filter((n) => n.startsWith("ollama-ops-real-")).sort();

function cluster(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/cluster.ts", "--kubeconfig", join(dir, "kubeconfig"), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function refused(args: string[], line: RegExp, env?: NodeJS.ProcessEnv): Promise<void> {
  const before = stacks();
  const r = await cluster(args, env);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(existsSync(join(dir, "kubeconfig"))).toBe(false);
  expect(stacks()).toEqual(before);
}

describe("npm run cluster refuses", () => {
  it("an unknown scenario and a scenario file that is not YAML", async () => {
    await refused(["--scenario", "no-such-scenario"], /^cluster: invalid scenario: unknown scenario "no-such-scenario"$/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "kind: [\n");
    await refused(["--scenario", bad], /^cluster: invalid scenario: .*bad\.yaml: YAML document 1: /);
  });

  it("a --port another process holds", async () => {
    const server: Server = createServer();
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as { port: number }).port;
    try {
      await refused(["--port", String(port)], new RegExp(`^cluster: port ${port} on 127\\.0\\.0\\.1 is already in use \\(--port\\)$`));
    } finally {
      server.close();
    }
  });

  it("to run without Go", async () => {
    const path = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
    await refused([], /^cluster: Go toolchain not found: install Go .* and put `go` on PATH/, { ...process.env, PATH: path, OLLAMA_OPS_CACHE: join(dir, "cache") });
  });

  it("when the module proxy refuses a module", async () => {
    const env = { ...process.env, GOPROXY: "off", GOMODCACHE: join(dir, "empty-modcache"), OLLAMA_OPS_CACHE: join(dir, "cache") };
    await refused(["--quiet"], /^cluster: (building \S+ failed|Go module \S+ unavailable): .*(GOPROXY=off|module lookup disabled)/, env);
  }, 120_000);
});
