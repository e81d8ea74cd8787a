// Sign-in, roles and request safety in a real browser, against the demo-mode console the launcher starts.
// (e2e/auth-deployment.spec.ts covers a console configured like a real deployment: local users, OIDC, limits, secrets.)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { accountBlock, LoginPage } from "./pages/login.ts";
import { signedInAs } from "./support/auth.ts";

test.describe("signed out", () => {
  test("pages send you to sign-in (and back afterwards), APIs answer 401, the probe stays open", async ({ page, request }) => {
    await page.goto("/models");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmodels$/);
    const login = new LoginPage(page);
    await expect(login.demoAccounts).toContainText("operator / demo-operator");
    await login.demoAccounts.getByRole("button", { name: "Use operator" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/models$/);
    await expect(accountBlock(page)).toContainText("operator");

    const api = await request.get("/api/models");
    expect(api.status()).toBe(401);
    expect(await api.json()).toEqual({ error: { code: "unauthorized", system: "console", message: "Sign in required" } });
    expect((await request.get("/api/health")).status()).toBe(200);
  });

  test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
    await page.goto("/login");
    const login = new LoginPage(page);
    await login.signIn("admin", "not-the-password");
    await expect(login.error).toHaveText("Wrong user name or password.");
    await login.signIn("nobody", "demo-admin");
    await expect(login.error).toHaveText("Wrong user name or password.");
    await expect(page).toHaveURL(/\/login$/);
  });
});

test.describe("signing in and out", () => {
  test("the header shows name and role; the session cookie is HttpOnly and SameSite; sign-out ends the session", async ({ page, context }) => {
    await page.goto("/login");
    await new LoginPage(page).signIn("admin", "demo-admin");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    const account = accountBlock(page);
    await expect(account).toContainText("admin");
    await expect(account.getByLabel("Role: admin")).toBeVisible();
    await expect(account).toContainText("Demo");

    const session = (await context.cookies()).find((c) => c.name === "next-auth.session-token");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    await account.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect((await context.cookies()).some((c) => c.name === "next-auth.session-token")).toBe(false);
    await page.goto("/snapshots");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsnapshots$/);
  });
});

test.describe("as a viewer", () => {
  test.use(signedInAs("viewer"));

  test("a mutation answers 403 naming the role it needs", async ({ page, baseURL }) => {
    const res = await page.request.delete("/api/snapshots/any", { headers: { Origin: baseURL ?? "" } });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "This action needs the admin role; you are signed in as viewer",
    );
  });
});

test.describe("as an operator", () => {
  test.use(signedInAs("operator"));

  let attacker: Server;
  let attackerUrl = "";
  test.beforeAll(async ({ baseURL }) => {
    // Another origin on the same site (127.0.0.1, other port): SameSite=Lax cookies go along, so only the origin check stops it.
    const html = `<form method="POST" action="${baseURL}/api/pulls" enctype="text/plain"><input name='{"model":"llama3.2:1b","x":"' value='"}'></form>
      <script>document.forms[0].submit()</script>`;
    attacker = createServer((_req, res) => res.setHeader("Content-Type", "text/html").end(html));
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  });
  test.afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

  test("a cross-site form POST carrying the session cookie is refused", async ({ page, baseURL }) => {
    const refused = page.waitForResponse((r) => r.url() === `${baseURL}/api/pulls` && r.request().method() === "POST");
    await page.goto(attackerUrl);
    const res = await refused;
    expect(res.status()).toBe(403);
    expect((await res.request().allHeaders()).cookie).toContain("next-auth.session-token");
    await expect(page.getByText("Cross-site request refused")).toBeVisible();
  });

  test("pages run under the nonce CSP without violations", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto("/activity");
    const csp = res?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
    // Hydrated: the filters react to input.
    await page.getByLabel("Search activity").fill("SignIn");
    await expect(page.getByRole("table")).toContainText("SignIn");
    for (const src of await page.locator("script[src]").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce))) expect(src).toBe(nonce);
    expect(violations).toEqual([]);
  });

  test("Activity lists sign-ins newest first and filters by user, action and outcome", async ({ page, browser, baseURL }) => {
    // A fresh failure to find: a wrong password in a separate, signed-out browser context.
    const other = await browser.newContext({ baseURL, storageState: undefined });
    const stranger = await other.newPage();
    await stranger.goto("/login");
    await new LoginPage(stranger).signIn("eve-activity", "wrong");
    await expect(new LoginPage(stranger).error).toBeVisible();
    await other.close();

    await page.goto("/activity");
    const rows = page.getByRole("table").getByRole("row");
    const filters = page.getByRole("search", { name: "Filter activity" });
    await filters.getByLabel("Outcome").selectOption("failure");
    await expect(rows.nth(1)).toContainText("eve-activity");
    await expect(rows.nth(1)).toContainText("wrong user name or password");
    await filters.getByLabel("Outcome").selectOption("");
    await filters.getByLabel("User").selectOption("operator");
    await filters.getByLabel("Action").selectOption("SignIn");
    await expect(rows.nth(1)).toContainText("operator");
    await expect(rows.nth(1)).toContainText("success");
    await expect(page.getByRole("table")).not.toContainText("eve-activity");
  });
});
