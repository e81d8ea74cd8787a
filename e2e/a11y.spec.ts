// axe-core on every page, light and dark: 0 WCAG 2.1 A/AA violations (contrast included), with the data loaded.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signedInAs, test } from "./support/fixtures.ts";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const THEMES = ["light", "dark"] as const;
const PAGES = [
  { path: "/", heading: "Overview", ready: (p: Page) => p.getByRole("table", { name: "Models loaded in memory" }) },
  { path: "/models", heading: "Models", ready: (p: Page) => p.getByRole("table", { name: "Installed models" }) },
  { path: "/snapshots", heading: "Snapshots", ready: (p: Page) => p.getByRole("table", { name: "Snapshots of the model cache, newest first" }) },
  { path: "/activity", heading: "Activity", ready: undefined },
  { path: "/server", heading: "Server", ready: undefined },
  { path: "/keys", heading: "API keys", ready: undefined },
  { path: "/logs", heading: "Logs", ready: undefined },
] as const;

/** One line per violation and node, so a failure says what to fix. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`));
}

async function useTheme(page: Page, baseURL: string | undefined, theme: (typeof THEMES)[number]) {
  await page.context().addCookies([{ name: "theme", value: theme, url: baseURL ?? "http://127.0.0.1" }]);
}

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test(`the sign-in page has no WCAG 2.1 A/AA violations`, async ({ page, baseURL }) => {
      await useTheme(page, baseURL, theme);
      await page.goto("/login");
      await expect(page.getByRole("heading", { name: "Sign in to Ollama Ops" })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test.describe("signed in", () => {
      test.use(signedInAs("admin"));
      for (const p of PAGES) {
        test(`${p.heading} has no WCAG 2.1 A/AA violations`, async ({ page, baseURL, sim: _sim }) => {
          await useTheme(page, baseURL, theme);
          await page.goto(p.path);
          await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
          await expect(page.getByRole("heading", { name: p.heading, level: 1 })).toBeVisible();
          if (p.ready) await expect(p.ready(page)).toBeVisible();
          await expect(page.getByRole("main").getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
          expect(await violations(page)).toEqual([]);
        });
      }
    });
  });
}
