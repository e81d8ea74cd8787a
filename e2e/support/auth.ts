// Signed-in browser tests against the demo-mode console the launcher starts.
//
// Usage, in any spec:
//   import { signedInAs, test } from "./support/fixtures.ts";
//   test.use(signedInAs("operator"));   // whole file, or inside a test.describe block for just that block
//   test("…", async ({ page }) => { await page.goto("/models"); … });   // page, context and request carry the session
//
// The "setup" project (e2e/auth.setup.ts, a dependency of every browser project in playwright.base.ts) signs each role
// in once per run, over HTTP, and keeps its cookies as a Playwright storageState file under .tmp/e2e-auth/ (git-ignored);
// tests only reuse them, so no test signs in through a page that would warm the console's caches. Without
// signedInAs, tests run signed out.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { request, type APIRequestContext, type PlaywrightTestArgs, type PlaywrightTestOptions, type TestFixture } from "@playwright/test";
import { DEMO_USERS } from "../../lib/features/auth/demo-users.ts";
import type { Role } from "../../lib/shared/auth/roles.ts";

export const ROLES = ["viewer", "operator", "admin"] as const satisfies readonly Role[];

/** The storageState file of `role` for the console at `baseURL` (one folder per port: the sim and real consoles differ). */
export function stateFile(role: Role, baseURL: string): string {
  return `.tmp/e2e-auth/${new URL(baseURL).port || "80"}/${role}.json`;
}

/** Signs `ctx` in through next-auth's password endpoint, as the sign-in form does (CSRF token, same-origin POST). */
export async function signInOverHttp(ctx: APIRequestContext, baseURL: string, username: string, password: string): Promise<void> {
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, username, password, json: "true", callbackUrl: "/" },
    headers: { Origin: baseURL },
  });
  const session = (await (await ctx.get("/api/auth/session")).json()) as { user?: { name?: string } };
  if (!res.ok() || session.user?.name !== username) throw new Error(`signing in as ${username} failed (HTTP ${res.status()})`);
}

/** Signs the demo user with `role` in and writes its storageState file (the setup project calls this). */
export async function signInToFile(role: Role, baseURL: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  const path = stateFile(role, baseURL);
  const ctx = await request.newContext({ baseURL });
  try {
    await signInOverHttp(ctx, baseURL, user.name, user.password);
    mkdirSync(dirname(path), { recursive: true });
    await ctx.storageState({ path });
    return path;
  } finally {
    await ctx.dispose();
  }
}

/** `test.use(signedInAs("admin"))`: tests start signed in as the demo user with that role. */
export function signedInAs(role: Role): { storageState: TestFixture<PlaywrightTestOptions["storageState"], PlaywrightTestArgs & PlaywrightTestOptions> } {
  return {
    storageState: async ({ baseURL }, provide) => {
      if (!baseURL) throw new Error("signedInAs needs a baseURL (playwright.base.ts sets one)");
      const path = stateFile(role, baseURL);
      if (!existsSync(path)) throw new Error(`${path} is missing: the "setup" project signs the roles in (run the browser project, which depends on it)`);
      await provide(path);
    },
  };
}
