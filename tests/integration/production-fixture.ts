// A production build of the console (`next build` + `next start`) wired to the simulators in a child process, for tests
// that need what only the real server does: Next's router and proxy, the instrumentation bundle, signals, memory.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { consoleEnv, NEXT_BIN, spawnSim, type SimEndpoints } from "../../sim/launch.ts";
import { sessionCookie as cookieFor } from "./auth-fixture";
import type { Role } from "@/lib/shared/auth/roles";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** This suite's own build folder. PROD_TEST_REUSE_BUILD=1 skips the build when one exists (local iteration). */
export const DIST_DIR = process.env.PROD_TEST_DIST_DIR ?? ".next-api-tests";
export const BUILD_TIMEOUT_MS = 15 * 60_000;
const SECRET = "production-fixture-secret-0123456789abcdef";

/** Builds the console once into DIST_DIR. */
export function buildConsole(): void {
  if (process.env.PROD_TEST_REUSE_BUILD && existsSync(join(ROOT, DIST_DIR, "BUILD_ID"))) return;
  const build = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`next build failed (${build.status}):\n${(build.stdout + build.stderr).slice(-3000)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Polls `probe` until it yields a value. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface RunningConsole {
  url: string;
  child: ChildProcess;
  output(): string;
  /** A Cookie header for a demo user with `role`, valid for this console. */
  cookie(role: Role): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `next start` on the build, wired to `sim`, on a free loopback port; resolves once /api/health answers. */
export async function startConsole(sim: SimEndpoints, extra: Record<string, string> = {}): Promise<RunningConsole> {
  const port = await freePort();
  const env = consoleEnv(sim, { NEXT_DIST_DIR: DIST_DIR, DEMO_MODE: "true", AUTH_SECRET: SECRET, LOG_LEVEL: "info", ...extra });
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`console exited ${child.exitCode}:\n${output}`);
    return (await fetch(`${url}/api/health`)).ok ? true : undefined;
  }, "the console's /api/health");
  return {
    url,
    child,
    output: () => output,
    cookie: (role) => cookieFor(role, SECRET),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The simulators in their own process (as production sees them: separate servers), with a scratch kubeconfig. */
export async function startSim(): Promise<{ sim: SimEndpoints; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "api-prod-"));
  const { endpoints, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", join(dir, "kubeconfig")]);
  return {
    sim: endpoints,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The simulators' request counters (GET /__sim/state on the control port). */
export async function simCounters(sim: SimEndpoints): Promise<{ requests: Record<string, number>; ollamaRequestsByRoute: Record<string, number> }> {
  return (await (await fetch(`${sim.control}/__sim/state`)).json()) as { requests: Record<string, number>; ollamaRequestsByRoute: Record<string, number> };
}
