// What the benchmarks share: a production console wired to the simulators, and a demo user's session cookie.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { DEMO_USERS } from "../../lib/features/auth/demo-users.ts";
import type { Role } from "../../lib/shared/auth/roles.ts";
import { consoleEnv, NEXT_BIN, type SimEndpoints } from "../../sim/launch.ts";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs `next build` into `dist` with `env`, unless `reuse` and a build is already there. */
export function buildConsole(env: NodeJS.ProcessEnv, dist: string, reuse: boolean): void {
  if (reuse && existsSync(`${dist}/BUILD_ID`)) return;
  console.log("building the console (production)…");
  const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("next build failed");
}

/**
 * Builds (unless `reuseBuild` and a build exists) and starts `next start` against the simulators, in demo mode with
 * `env` added; resolves to its URL and process.
 */
export async function startConsole(
  sim: SimEndpoints,
  opts: { dist: string; reuseBuild: boolean; env?: Record<string, string> },
): Promise<{ base: string; child: ChildProcess }> {
  const env = consoleEnv(sim, { NEXT_DIST_DIR: opts.dist, DEMO_MODE: "true", LOG_LEVEL: "error", ...opts.env });
  buildConsole(env, opts.dist, opts.reuseBuild);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // `next` itself, not through npx: SIGTERM must reach the server, or it outlives the benchmark.
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (up) return { base, child };
    await sleep(500);
  }
  child.kill("SIGTERM");
  throw new Error("the console did not start within 60 s");
}

/**
 * One attempt at the password form through next-auth's credentials endpoint, as the sign-in page posts it (CSRF token,
 * same-origin): the URL next-auth answers with (`…?error=CredentialsSignin`, `…?error=RateLimited`, or the page to go
 * to) and the Cookie header holding the session when it signed in.
 */
export async function passwordAttempt(base: string, username: string, password: string): Promise<{ url: string; cookie?: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie(), Origin: base },
    body: new URLSearchParams({ csrfToken, username, password, json: "true" }),
  });
  keep(res);
  const url = res.headers.get("location") ?? ((await res.json().catch(() => ({}))) as { url?: string }).url ?? "";
  return { url, cookie: [...jar.keys()].some((k) => k.endsWith("session-token")) ? cookie() : undefined };
}

/** Signs in as the demo user with `role` through next-auth's credentials endpoint; returns the Cookie header. */
export async function signIn(base: string, role: Role): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  const { url, cookie } = await passwordAttempt(base, user.name, user.password);
  if (!cookie) throw new Error(`sign-in failed (${url})`);
  return cookie;
}
