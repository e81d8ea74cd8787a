// Signed-in browser tests against the demo-mode console the launcher starts.
//
// Usage, in any spec:
//   import { signedInAs } from "./support/auth.ts";
//   test.use(signedInAs("operator"));   // whole file, or inside a test.describe block for just that block
//   test("…", async ({ page }) => { await page.goto("/models"); … });   // page, context and request carry the session
//
// Each role signs in once per worker process (over HTTP, no browser), and its cookies are kept as a Playwright
// storageState file in .tmp/e2e-auth/<role>.json; tests only reuse it. Without signedInAs, tests run signed out.
import { mkdirSync } from "node:fs";
import {
  expect,
  request,
  type APIRequestContext,
  type Locator,
  type Page,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type TestFixture,
} from "@playwright/test";
import { DEMO_USERS } from "../../lib/auth/demo-users.ts";
import type { Role } from "../../lib/auth/roles.ts";

const STATE_DIR = ".tmp/e2e-auth";
const states = new Map<string, Promise<string>>();

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

async function signInToFile(role: Role, baseURL: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  const path = `${STATE_DIR}/${role}.json`;
  const ctx = await request.newContext({ baseURL });
  try {
    await signInOverHttp(ctx, baseURL, user.name, user.password);
    mkdirSync(STATE_DIR, { recursive: true });
    await ctx.storageState({ path });
    return path;
  } finally {
    await ctx.dispose();
  }
}

/** Path of a storageState file holding a session of the demo user with `role` (signed in on first use). */
export function storageStateFor(role: Role, baseURL: string): Promise<string> {
  const key = `${baseURL} ${role}`;
  const state = states.get(key) ?? signInToFile(role, baseURL);
  states.set(key, state);
  return state;
}

/** `test.use(signedInAs("admin"))`: tests start signed in as the demo user with that role. */
export function signedInAs(role: Role): { storageState: TestFixture<PlaywrightTestOptions["storageState"], PlaywrightTestArgs & PlaywrightTestOptions> } {
  return {
    storageState: async ({ baseURL }, provide) => {
      if (!baseURL) throw new Error("signedInAs needs a baseURL (playwright.config.ts sets one)");
      await provide(await storageStateFor(role, baseURL));
    },
  };
}

/** The sign-in page, located by role and label. */
export class LoginPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  get heading(): Locator {
    return this.page.getByRole("heading", { name: "Sign in to Ollama Ops" });
  }
  get error(): Locator {
    // Scoped to the page body: Next's route announcer is an alert too.
    return this.page.getByRole("main").getByRole("alert");
  }
  get demoAccounts(): Locator {
    return this.page.getByRole("region", { name: "Demo accounts" });
  }
  ssoButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Sign in with ${name}` });
  }
  /** Fills the password form and submits it. */
  async signIn(username: string, password: string): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.page.getByLabel("User name", { exact: true }).fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
}

/** The header's account block: user name, role badge, sign-out. */
export function accountBlock(page: Page): Locator {
  return page.getByRole("group", { name: "Account" });
}
