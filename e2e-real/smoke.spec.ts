// The browser smoke against the real stack (playwright.real.config.ts): a real kube-apiserver, controller-manager,
// scheduler and KWOK node; a real `ollama serve` pulling the tiny GGUF model from the registry simulator; the cache agent
// on Ollama's real models directory. Everything through the console's UI, as a user would.
import { expect, test, type Page } from "@playwright/test";
import { OverviewPage } from "../e2e/pages/overview.ts";
import { signedInAs } from "../e2e/support/auth.ts";
import { realEndpoints } from "./stack.ts";

// Each role is signed in once by the "setup" project (playwright.base.ts); the sign-in form has its own tests in e2e/.
test.describe.configure({ mode: "serial" });

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

async function ollamaTags(): Promise<string[]> {
  const res = await fetch(`${realEndpoints().ollama}/api/tags`);
  const body = (await res.json()) as { models: { name: string }[] };
  return body.models.map((m) => m.name);
}

test.describe("as an operator", () => {
  test.use(signedInAs("operator"));

  test("operator: Overview shows the real Deployment and Ollama; pulls the tiny model with progress, then deletes it", async ({ page }) => {
    const { registryHost, ollama } = realEndpoints();
    const version = ((await (await fetch(`${ollama}/api/version`)).json()) as { version: string }).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);

    await new OverviewPage(page).open();
    // The Deployment the real controller-manager rolled out onto the KWOK node, and the real Ollama's version.
    await expect(region(page, "Deployment")).toContainText("Healthy");
    await expect(region(page, "Deployment")).toContainText("1 of 1 replica available");
    await expect(region(page, "Pods").getByRole("row").nth(1)).toContainText("Running");
    await expect(region(page, "Ollama API")).toContainText("Responsive");
    await expect(region(page, "Ollama API")).toContainText(`v${version}`);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
    const model = `${registryHost}/library/tiny:latest`;
    expect(await ollamaTags()).not.toContain(model);

    await region(page, "Pull a model").getByLabel("Model name").fill(model);
    // The pre-flight read the real manifest from the registry and the real free space from the agent.
    await expect(page.getByRole("status", { name: "Space check" })).toBeVisible();
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    const job = region(page, "Pulls").getByRole("listitem", { name: `Pull ${model}` }).first();
    await expect(job.getByRole("progressbar", { name: `${model} progress` })).toBeVisible();
    await expect(job.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });
    const installed = region(page, "Installed models");
    await expect(installed.getByRole("rowheader", { name: new RegExp(model.replace(/[.:/]/g, "\\$&")) })).toBeVisible();
    expect(await ollamaTags()).toContain(model);

    await installed.getByRole("button", { name: `Delete ${model}` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${model}?` });
    await expect(dialog.getByText(/^Frees/)).toBeVisible();
    await dialog.getByRole("button", { name: `Delete ${model}` }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`Deleted ${model}`)).toBeVisible();
    await expect(installed.getByRole("rowheader", { name: new RegExp(model.replace(/[.:/]/g, "\\$&")) })).toHaveCount(0);
    expect(await ollamaTags()).not.toContain(model);
  });
});

test.describe("as an admin", () => {
  test.use(signedInAs("admin"));

  test("admin: creates a snapshot of the cache volume and the snapshotter makes it ready", async ({ page }) => {
    await new OverviewPage(page).open();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Snapshots" }).click();
    await expect(page.getByRole("heading", { name: "Snapshots", level: 1 })).toBeVisible();
    const name = `smoke-${Date.now().toString(36)}`;
    await page.getByRole("button", { name: "Create snapshot" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByRole("button", { name: "Create snapshot" }).click();
    await expect(dialog).toBeHidden();
    const row = page
      .getByRole("region", { name: "Snapshots" })
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
    await expect(row).toContainText(/Pending|Ready/);
    await expect(row).toContainText("Ready", { timeout: 60_000 });
  });
});
