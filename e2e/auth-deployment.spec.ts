// A console configured like a real deployment (its own `next start` from the launcher's build, no demo users): local
// and OIDC sign-in (oidc-provider as the identity provider, groups → roles), limits, Secure cookies behind TLS,
// start-up refusals, and sentinel secrets that must never show up in a page, an API response or a log line.
import { globSync } from "node:fs";
import { dirname } from "node:path";
import { expect, request, test, type Page } from "@playwright/test";
import { hashPassword } from "../lib/features/auth/passwords.ts";
import { signInOverHttp } from "./support/auth.ts";
import { accountBlock, LoginPage } from "./pages/login.ts";
import { startIdp, type TestIdp } from "./support/auth-idp.ts";
import { freePort, startConsole, type ConsoleServer } from "./support/auth-server.ts";
import { simEndpoints } from "./support/sim.ts";

const SECRETS = {
  authSecret: "SENTINEL-auth-secret-3b7f61c0-never-print-me",
  clientSecret: "SENTINEL-oidc-client-secret-9a44e2d1",
  carolPassword: "SENTINEL-carol-password-51aa",
  bobPassword: "SENTINEL-bob-password-0c7e",
};

let idp: TestIdp;
let app: ConsoleServer;
let hashes: string[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  idp = await startIdp({
    clientId: "ollama-ops",
    clientSecret: SECRETS.clientSecret,
    redirectUri: `http://127.0.0.1:${port}/api/auth/callback/oidc`,
    groups: { dana: ["staff", "ollama-operators"], erin: ["staff"] },
  });
  hashes = await Promise.all([hashPassword(SECRETS.carolPassword), hashPassword(SECRETS.bobPassword)]);
  const sim = simEndpoints();
  app = await startConsole(port, {
    AUTH_SECRET: SECRETS.authSecret,
    TRUST_PROXY: "true",
    LOCAL_USERS: `carol:operator:${hashes[0]},bob:viewer:${hashes[1]}`,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: "ollama-ops",
    OIDC_CLIENT_SECRET: SECRETS.clientSecret,
    OIDC_ROLE_GROUPS: "admin=ollama-admins;operator=ollama-operators",
    OIDC_NAME: "Test IdP",
    KUBECONFIG: sim.kubeconfig,
    OLLAMA_URL: sim.ollama,
    CACHE_AGENT_URL: sim.agent,
  });
});

test.afterAll(async () => {
  await app?.stop();
  await idp?.close();
});

async function ssoSignIn(page: Page, login: string): Promise<void> {
  await page.goto(`${app.url}/login`);
  await new LoginPage(page).ssoButton("Test IdP").click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("production refuses to start without a secret, or without a way to sign in, in one line", async () => {
  const noSecret = await startConsole(await freePort(), { LOCAL_USERS: `carol:operator:${hashes[0]}` });
  expect(await noSecret.exited).toBe(1);
  expect(noSecret.output()).toMatch(/^Invalid configuration: AUTH_SECRET: required in production: a random string of at least 32 characters.*$/m);
  const noMethod = await startConsole(await freePort(), { AUTH_SECRET: SECRETS.authSecret });
  expect(await noMethod.exited).toBe(1);
  expect(noMethod.output()).toMatch(/^Invalid configuration: LOCAL_USERS: no sign-in method configured: set LOCAL_USERS or LOCAL_USERS_FILE.*$/m);
  expect(noMethod.output()).not.toContain(SECRETS.authSecret);
});

test("the sign-in page offers the password form and the identity provider, and no demo accounts", async ({ page }) => {
  await page.goto(`${app.url}/`);
  const login = new LoginPage(page);
  await expect(login.heading).toBeVisible();
  await expect(login.ssoButton("Test IdP")).toBeVisible();
  await expect(page.getByLabel("User name", { exact: true })).toBeVisible();
  await expect(login.demoAccounts).toHaveCount(0);
  await expect(page.getByText("demo-", { exact: false })).toHaveCount(0);
});

test("a local user signs in with the password from LOCAL_USERS and signs out", async ({ page }) => {
  await page.goto(`${app.url}/activity`);
  await new LoginPage(page).signIn("carol", SECRETS.carolPassword);
  await expect(page).toHaveURL(`${app.url}/activity`);
  await expect(accountBlock(page).getByLabel("Role: operator")).toBeVisible();
  await expect(accountBlock(page)).not.toContainText("Demo");
  await accountBlock(page).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${app.url}/login`);
});

test("an OIDC user signs in through the identity provider; their groups decide the role", async ({ page }) => {
  await ssoSignIn(page, "dana");
  await expect(page).toHaveURL(`${app.url}/`);
  await expect(accountBlock(page)).toContainText("dana");
  await expect(accountBlock(page).getByLabel("Role: operator")).toBeVisible();
  const res = await page.request.delete(`${app.url}/api/snapshots/any`, { headers: { Origin: app.url } });
  expect(((await res.json()) as { error: { message: string } }).error.message).toBe("This action needs the admin role; you are signed in as operator");
});

test("an OIDC user whose groups map to no role is turned away with the reason", async ({ page }) => {
  await ssoSignIn(page, "erin");
  await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
  await expect(new LoginPage(page).error).toHaveText(/no role in this console/);
  await page.goto(`${app.url}/`);
  await expect(page).toHaveURL(/\/login$/);
});

test("a stranger's wrong passwords slow the stranger down, never the real user (issue 12, finding 4)", async ({ page }) => {
  // Behind the trusted proxy each client is the right-most X-Forwarded-For hop; the stranger sprays bob's account.
  const stranger = await request.newContext({ baseURL: app.url, extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.66" } });
  const answers: string[] = [];
  for (let i = 0; i < 8; i++) {
    const { csrfToken } = (await (await stranger.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await stranger.post("/api/auth/callback/credentials", { form: { csrfToken, username: "bob", password: `guess-${i}`, json: "true" }, headers: { Origin: app.url } });
    answers.push(((await res.json()) as { url: string }).url);
  }
  await stranger.dispose();
  expect(answers.slice(0, 3).every((u) => u.includes("error=CredentialsSignin"))).toBe(true);
  expect(answers.some((u) => u.includes("error=RateLimited"))).toBe(true);
  // The real bob, from his own browser, signs in with his password straight away.
  await page.goto(`${app.url}/login`);
  await new LoginPage(page).signIn("bob", SECRETS.bobPassword);
  await expect(page).toHaveURL(`${app.url}/`);
  await expect(accountBlock(page).getByLabel("Role: viewer")).toBeVisible();
});

test("behind TLS (X-Forwarded-Proto from the trusted proxy) cookies are Secure and HSTS is sent", async () => {
  const ctx = await request.newContext({ baseURL: app.url, extraHTTPHeaders: { "X-Forwarded-Proto": "https" } });
  const csrf = await ctx.get("/api/auth/csrf");
  expect(csrf.headers()["strict-transport-security"]).toBe("max-age=31536000");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  // The client's cookie jar rightly keeps Secure cookies off plain HTTP; the proxy in front would have carried them.
  const csrfCookie = csrf.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.includes("csrf-token="));
  expect(csrfCookie?.value).toMatch(/^__Host-next-auth\.csrf-token=.*; Secure/);
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: "carol", password: SECRETS.carolPassword, json: "true" },
    headers: { Origin: app.url.replace("http:", "https:"), Cookie: csrfCookie?.value.split(";")[0] ?? "" },
  });
  const session = res.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("__Secure-next-auth.session-token="));
  expect(session?.value).toMatch(/; HttpOnly/);
  expect(session?.value).toMatch(/; Secure/);
  expect(session?.value).toMatch(/; SameSite=Lax/);
  await ctx.dispose();
});

test("Activity shows the sign-ins: successes, wrong passwords, the refused OIDC user", async ({ page }) => {
  const ctx = await request.newContext({ baseURL: app.url });
  await signInOverHttp(ctx, app.url, "carol", SECRETS.carolPassword);
  const list = (await (await ctx.get("/api/activity?action=SignIn")).json()) as { entries: { subject: string; outcome: string; message?: string }[] };
  await ctx.dispose();
  const seen = list.entries.map((e) => `${e.subject} ${e.outcome} ${e.message ?? ""}`.trim());
  expect(seen).toEqual(expect.arrayContaining(["carol success via local", "dana success via Test IdP", "bob failure wrong user name or password"]));
  expect(seen.some((s) => s.startsWith("erin failure no console role for groups: staff"))).toBe(true);
  expect(seen).toContain("bob failure too many failed attempts; slowed down");
  await page.goto(`${app.url}/login?callbackUrl=%2Factivity`);
  await new LoginPage(page).signIn("carol", SECRETS.carolPassword);
  await expect(page).toHaveURL(`${app.url}/activity`);
  await expect(page.getByRole("table")).toContainText("no console role for groups: staff");
});

test("no secret appears in any page, script, API response or log line", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", (r) => {
    if (r.url().startsWith(app.url)) void r.text().then((t) => bodies.push(t), () => undefined);
  });
  await page.goto(`${app.url}/login`);
  await new LoginPage(page).signIn("carol", SECRETS.carolPassword);
  await expect(page).toHaveURL(`${app.url}/`);
  for (const path of ["/", "/models", "/snapshots", "/activity"]) {
    await page.goto(`${app.url}${path}`);
    await page.waitForLoadState("networkidle");
  }
  // Every GET API without path parameters, found on disk so new routes are covered.
  const apis = globSync("app/api/**/route.ts").map((f) => dirname(f).replace(/^app/, "")).filter((p) => !p.includes("["));
  const cookie = (await page.context().cookies(app.url)).map((c) => `${c.name}=${c.value}`).join("; ");
  for (const path of [...apis, "/api/auth/session", "/api/auth/providers", "/api/auth/csrf"]) {
    const abort = new AbortController();
    const res = await fetch(`${app.url}${path}`, { headers: { cookie }, signal: abort.signal });
    // Event streams never end; their first bytes are covered by the pages that opened them.
    if (/event-stream/.test(res.headers.get("content-type") ?? "")) abort.abort();
    else bodies.push(await res.text());
  }
  expect(bodies.length).toBeGreaterThan(20);
  const everything = [...bodies, app.output()].join("\n");
  expect(app.output()).toContain('"msg":"audit"');
  for (const [name, value] of Object.entries({ ...SECRETS, carolHash: hashes[0] ?? "", bobHash: hashes[1] ?? "" })) {
    expect(everything.includes(value), `${name} leaked`).toBe(false);
  }
});
