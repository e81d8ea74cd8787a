// Issue 12 (security audit), the sign-in side, in a real browser against the demo console: no open redirect through
// callbackUrl, a sign-in form that works without JavaScript and never puts credentials in a URL, fields filled before
// hydration, the client-log endpoint refused, and X-Forwarded-For ignored when no proxy is trusted.
import { request as httpRequest } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { accountBlock, LoginPage } from "./pages/login.ts";
import { signedInAs } from "./support/auth.ts";

const EVIL = ["/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "%2F%2Fevil.example", "/\\evil.example", "https://evil.example/"];
const BROKEN = ["/%0a", "/%0d%0aSet-Cookie:%20x=1", "/mod%C3%A8les", "/%E2%80%AE"];

/** A plain HTTP exchange from a chosen loopback source address (127.0.0.2…): another client, as the server sees it. */
function fromAddress(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? "GET", headers: init.headers, localAddress }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** One password sign-in attempt over next-auth's JSON API from `localAddress`; resolves to the URL next-auth answers. */
async function attemptFrom(localAddress: string, baseURL: string, username: string, password: string, forwardedFor: string): Promise<string> {
  const csrf = await fromAddress(localAddress, `${baseURL}/api/auth/csrf`);
  const cookie = [csrf.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await fromAddress(localAddress, `${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL, Cookie: cookie, "X-Forwarded-For": forwardedFor },
    body: new URLSearchParams({ csrfToken, username, password, json: "true" }).toString(),
  });
  return (JSON.parse(res.body) as { url: string }).url;
}

/** Every URL the page's main frame asked for, to prove credentials never appear in one. */
function recordUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => {
    if (r.frame() === page.mainFrame()) urls.push(r.url());
  });
  return urls;
}

test.describe("callbackUrl (finding 3)", () => {
  test("after signing in, a crafted callbackUrl lands on this origin, never another", async ({ page, baseURL }) => {
    for (const callback of EVIL.slice(0, 3)) {
      // Off the console first: a signed-in page whose session vanishes navigates to /login by itself.
      await page.goto("about:blank");
      await page.context().clearCookies();
      await page.goto(`/login?callbackUrl=${callback}`);
      await new LoginPage(page).signIn("viewer", "demo-viewer");
      await expect(accountBlock(page)).toContainText("viewer");
      expect(new URL(page.url()).origin, callback).toBe(baseURL);
    }
  });

  test.describe("when already signed in", () => {
    test.use(signedInAs("viewer"));

    test("a crafted callbackUrl stays on this origin, and odd characters answer a page, not 500", async ({ page, baseURL }) => {
      for (const callback of [...EVIL, ...BROKEN]) {
        const res = await page.goto(`/login?callbackUrl=${callback}`);
        expect(new URL(page.url()).origin, callback).toBe(baseURL);
        expect(res?.status() ?? 0, callback).toBeLessThan(500);
      }
      await page.goto("/login?callbackUrl=%2Factivity%3Foutcome%3Dfailure");
      await expect(page).toHaveURL(/\/activity\?outcome=failure$/);
    });
  });
});

test.describe("the sign-in form (finding 13)", () => {
  test("works without JavaScript: a real POST with the CSRF token, no credentials in any URL", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    const urls = recordUrls(page);
    await page.goto("/login?callbackUrl=%2Fsnapshots");
    const form = page.getByRole("form", { name: "Sign in with a password" });
    await expect(form).toHaveAttribute("method", "post");
    await page.getByLabel("User name", { exact: true }).fill("operator");
    await page.getByLabel("Password", { exact: true }).fill("demo-operator");
    // Enter, as someone does who types fast: the form's own POST, there is no script to catch it.
    await page.getByLabel("Password", { exact: true }).press("Enter");
    await expect(page).toHaveURL(/\/snapshots$/);
    await expect(accountBlock(page)).toContainText("operator");
    expect(urls.length).toBeGreaterThan(1);
    expect(urls.filter((u) => /password|demo-operator/.test(u))).toEqual([]);
    await context.close();
  });

  test("sends fields a password manager filled before the page's script ran", async ({ page }) => {
    await page.goto("/login");
    await expect(new LoginPage(page).heading).toBeVisible();
    // Set the values the way autofill does before hydration: straight into the DOM, no input events for React.
    await page.evaluate(() => {
      const fields: [string, string][] = [["username", "admin"], ["password", "demo-admin"]];
      for (const [name, value] of fields) {
        (document.querySelector(`input[name="${name}"]`) as HTMLInputElement).value = value;
      }
    });
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(accountBlock(page)).toContainText("admin");
  });

  test("a form whose CSRF token is stale is refused with a clear message", async ({ page, baseURL }) => {
    await page.goto("/login");
    await page.context().clearCookies();
    await page.evaluate(() => {
      const fields: [string, string][] = [["username", "admin"], ["password", "demo-admin"]];
      for (const [name, value] of fields) {
        (document.querySelector(`input[name="${name}"]`) as HTMLInputElement).value = value;
      }
      const form = document.querySelector("form") as HTMLFormElement;
      HTMLFormElement.prototype.submit.call(form);
    });
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/form had expired/);
    expect(new URL(page.url()).origin).toBe(baseURL);
    expect(page.url()).not.toContain("demo-admin");
  });
});

test.describe("signing out (finding 10)", () => {
  test("a copy of the session cookie taken before sign-out is refused afterwards", async ({ page, playwright, baseURL }) => {
    await page.goto("/login");
    await new LoginPage(page).signIn("operator", "demo-operator");
    await expect(accountBlock(page)).toContainText("operator");
    const copy = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
    expect(copy).toBeTruthy();
    const thief = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Cookie: `${copy?.name}=${copy?.value}` } });
    expect((await thief.get("/api/models")).status()).toBe(200);
    await accountBlock(page).getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    const after = await thief.get("/api/models");
    expect(after.status()).toBe(401);
    expect((await thief.get("/api/auth/session")).ok()).toBe(true);
    expect(await (await thief.get("/api/auth/session")).json()).toEqual({});
    await thief.dispose();
  });
});

test.describe("requests strangers can make (findings 2 and 4)", () => {
  test("next-auth's client-log endpoint is refused and writes nothing to the audit trail", async ({ request, browser, baseURL }) => {
    const res = await request.post("/api/auth/_log", {
      form: { level: "error", code: "OAUTH_X) admin deleted all models" },
      headers: { Origin: baseURL ?? "" },
    });
    expect(res.status()).toBe(404);
    const admin = await browser.newContext({ baseURL, storageState: undefined });
    const page = await admin.newPage();
    await page.goto("/login");
    await new LoginPage(page).signIn("admin", "demo-admin");
    await expect(accountBlock(page)).toContainText("admin");
    const list = (await (await page.request.get("/api/activity")).json()) as { entries: { message?: string }[] };
    expect(JSON.stringify(list.entries)).not.toContain("deleted all models");
    await admin.close();
  });

  test("without a trusted proxy, a new X-Forwarded-For per try does not get past the address's throttle", async ({ baseURL }) => {
    // From 127.0.0.2: the browser tests' own address (127.0.0.1) keeps a clean record.
    const answers: string[] = [];
    for (let i = 0; i < 9; i++) answers.push(await attemptFrom("127.0.0.2", baseURL ?? "", `xff-spray-${i}`, "wrong", `192.0.2.${i + 1}`));
    expect(answers.slice(0, 5).every((u) => u.includes("error=CredentialsSignin"))).toBe(true);
    expect(answers.slice(5).some((u) => u.includes("error=RateLimited"))).toBe(true);
    // Meanwhile the real admin, from a client that has not been failing, signs in.
    expect(await attemptFrom("127.0.0.3", baseURL ?? "", "admin", "demo-admin", "192.0.2.1")).not.toContain("error=");
  });
});
