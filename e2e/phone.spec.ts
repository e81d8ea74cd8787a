// At 390×844 (a phone), every page for every role: nothing wider than the screen, the tab bar on screen, the header whole.
import type { Page } from "@playwright/test";
import { accountBlock } from "./pages/login.ts";
import { expect, signedInAs, test } from "./support/fixtures.ts";

const PAGES = [
  { path: "/", heading: "Overview", ready: "Models loaded in memory" },
  { path: "/models", heading: "Models", ready: "Installed models" },
  { path: "/snapshots", heading: "Snapshots", ready: "Snapshots of the model cache, newest first" },
  { path: "/activity", heading: "Activity", ready: undefined },
  { path: "/server", heading: "Server", ready: undefined },
  // Admin pages: other roles get the page's own "admins only" state, which must fit too.
  { path: "/keys", heading: "API keys", ready: undefined },
  { path: "/logs", heading: "Logs", ready: undefined },
] as const;
const ROLES = ["viewer", "operator", "admin"] as const;

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** The page's widgets have their data: the table or list named `ready` is there and no widget is still loading. */
async function settled(page: Page, ready: string | undefined) {
  if (ready) await expect(page.getByRole("main").getByRole("table", { name: ready })).toBeVisible();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
}

async function assertFits(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, "document wider than the screen").toBeLessThanOrEqual(innerWidth);
  const tabs = page.getByRole("navigation", { name: "Main (mobile)" });
  await expect(tabs).toBeInViewport({ ratio: 1 });
  const box = await tabs.boundingBox();
  expect(box && box.y + box.height).toBeLessThanOrEqual(844);
  expect(box && box.x + box.width).toBeLessThanOrEqual(390);
}

for (const role of ROLES) {
  test.describe(`as ${role}`, () => {
    test.use(signedInAs(role));
    for (const p of PAGES) {
      test(`${p.heading} fits a phone screen`, async ({ page, sim: _sim }) => {
        await page.goto(p.path);
        await expect(page.getByRole("heading", { name: p.heading, level: 1 })).toBeVisible();
        await settled(page, p.ready);
        await assertFits(page);
        // The header keeps the whole user name and a one-line sign-out button.
        const name = accountBlock(page).getByTitle(role, { exact: true });
        expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        const signOut = accountBlock(page).getByRole("button", { name: "Sign out" });
        const { height } = (await signOut.boundingBox()) ?? { height: 999 };
        expect(height).toBeLessThan(32);
      });
    }
  });
}

test.describe("the Overview on a phone", () => {
  test.use(signedInAs("viewer"));
  test("shows the loaded models within the first screen", async ({ page, sim: _sim }) => {
    await page.goto("/");
    const loaded = page.getByRole("region", { name: "Loaded models" });
    await expect(loaded).toContainText("qwen2.5:7b");
    const box = await loaded.boundingBox();
    expect(box?.y).toBeLessThan(844 - 80);
  });

  test("the rows of a table become cards that name their columns", async ({ page, sim: _sim }) => {
    await page.goto("/models");
    const row = page.getByRole("table", { name: "Installed models" }).getByRole("row").filter({ hasText: "mistral:7b" });
    await expect(row).toBeVisible();
    const label = await row.locator('td[data-label="Size"]').evaluate((el) => getComputedStyle(el, "::before").content);
    expect(label).toBe('"Size"');
    await assertFits(page);
  });
});

test("the sign-in page fits a phone screen", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in to Ollama Ops" })).toBeVisible();
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
});
