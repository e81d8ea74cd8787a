// The Models page in a real browser against the simulators: pull with live progress, reload re-attaches, cancel, delete, unload, blocked pull.
import { ModelsPage } from "./pages/models.ts";
import { expect, signedInAs, test } from "./support/fixtures.ts";

test.describe.configure({ mode: "serial" });
test.use(signedInAs("operator"));

// Pull jobs belong to the console, not to a test: one left running by a failed test would keep retrying into the next.
test.afterEach(async ({ page }) => {
  const res = await page.request.get("/api/pulls");
  if (!res.ok()) return;
  const { jobs } = (await res.json()) as { jobs: { id: string; state: string }[] };
  for (const job of jobs.filter((j) => !["succeeded", "failed", "cancelled"].includes(j.state))) {
    await page.request.delete(`/api/pulls/${job.id}`);
  }
});

test("pulls a model with live progress to completion; it then shows as installed", async ({ page, sim }) => {
  await sim.speed(400e6);
  const models = new ModelsPage(page);
  await models.open();
  await models.pull("phi3:mini");
  await expect(models.progress("phi3:mini")).toBeVisible();
  await expect.poll(() => models.percent("phi3:mini")).toBeGreaterThan(10);
  const early = await models.percent("phi3:mini");
  await expect.poll(() => models.percent("phi3:mini")).toBeGreaterThan(early);
  await expect(models.job("phi3:mini").getByText(/MiB\/s/)).toBeVisible();
  await expect(models.job("phi3:mini").getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(models.installed.getByRole("rowheader", { name: /phi3:mini/ })).toBeVisible();
});

test("a reload during a pull shows the same job, still progressing; cancel stops it", async ({ page, sim }) => {
  await sim.speed(150e6);
  const models = new ModelsPage(page);
  await models.open();
  await models.pull("gemma2:27b");
  await expect.poll(() => models.percent("gemma2:27b")).toBeGreaterThan(1);
  const before = await models.percent("gemma2:27b");
  await page.reload();
  await expect(models.job("gemma2:27b").getByText("Downloading", { exact: true })).toBeVisible();
  await expect.poll(() => models.percent("gemma2:27b")).toBeGreaterThan(before);
  // One running job after the reload (finished jobs of earlier tests stay listed as history).
  await expect(models.pulls.getByRole("listitem", { name: "Pull gemma2:27b" }).filter({ hasText: "Downloading" })).toHaveCount(1);
  await models.job("gemma2:27b").getByRole("button", { name: "Cancel pull of gemma2:27b" }).click();
  await expect(models.job("gemma2:27b").getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(models.job("gemma2:27b").getByText(/cancelled by operator/)).toBeVisible();
});

test("delete shows the bytes it frees, then removes the model", async ({ page, sim: _sim }) => {
  const models = new ModelsPage(page);
  await models.open();
  await models.installed.getByRole("button", { name: "Delete mistral:7b" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete mistral:7b?" });
  await expect(dialog.getByText(/^Frees/)).toContainText("3.83 GiB");
  await expect(dialog.getByText(/exact/)).toBeVisible();
  await dialog.getByRole("button", { name: "Delete mistral:7b" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Deleted mistral:7b")).toBeVisible();
  await expect(models.installed.getByRole("rowheader", { name: /mistral:7b/ })).toHaveCount(0);
});

test("delete warns when the model is loaded", async ({ page, sim: _sim }) => {
  const models = new ModelsPage(page);
  await models.open();
  await models.installed.getByRole("button", { name: "Delete qwen2.5:7b" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("qwen2.5:7b is loaded in memory");
  await page.getByRole("button", { name: "Keep it" }).click();
  await expect(models.installed.getByRole("rowheader", { name: /qwen2.5:7b/ })).toBeVisible();
});

test("unload takes a model out of memory and the list follows", async ({ page, sim: _sim }) => {
  const models = new ModelsPage(page);
  await models.open();
  await expect(models.loaded.getByRole("row")).toHaveCount(3);
  await models.loaded.getByRole("button", { name: "Unload qwen2.5:7b" }).click();
  await expect(models.loaded.getByRole("rowheader", { name: "qwen2.5:7b", exact: true })).toHaveCount(0);
  await expect(models.loaded.getByRole("row")).toHaveCount(2);
});

test("Unload all asks first, naming the models it will unload", async ({ page, sim: _sim }) => {
  const models = new ModelsPage(page);
  await models.open();
  await expect(models.loaded.getByRole("rowheader", { name: "qwen2.5:7b", exact: true })).toBeVisible();
  await models.loaded.getByRole("button", { name: "Unload all" }).click();
  const dialog = page.getByRole("dialog", { name: "Unload 2 models?" });
  await expect(dialog.getByRole("list", { name: "Models to unload" })).toContainText("qwen2.5:7b");
  await expect(dialog.getByRole("list", { name: "Models to unload" })).toContainText("nomic-embed-text:latest");
  await dialog.getByRole("button", { name: "Keep them" }).click();
  await expect(dialog).toBeHidden();
  await expect(models.loaded.getByRole("row")).toHaveCount(3);
  await models.loaded.getByRole("button", { name: "Unload all" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Unload 2 models" }).click();
  await expect(models.loaded).toContainText("No model is loaded in memory.", { timeout: 15_000 });
});

test("a model the registry does not have is 'not found', with no way to pull it anyway", async ({ page, sim: _sim }) => {
  const models = new ModelsPage(page);
  await models.open();
  await expect(models.region("Pull a model").getByLabel("Model name")).toHaveAttribute("placeholder", "llama3.2:3b, qwen2.5");
  await models.region("Pull a model").getByLabel("Model name").fill("no-such-model:1b");
  const check = page.getByRole("status", { name: "Space check" });
  await expect(check).toContainText("not found in registry.ollama.ai");
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pull", exact: true })).toBeDisabled();
});

test("a pull that does not fit is blocked, with what to delete, until the operator overrides", async ({ page, sim }) => {
  await sim.scenario("disk-nearly-full");
  // Disk usage is measured every few seconds while read (lib/features/disk): wait until the console measures the full volume.
  await expect
    .poll(async () => ((await (await page.request.get("/api/pulls/preflight?model=gemma2%3A9b")).json()) as { fit?: { verdict?: string } }).fit?.verdict, {
      message: "the console to see the nearly full volume",
      timeout: 30_000,
    })
    .toBe("does_not_fit");
  const models = new ModelsPage(page);
  await models.open();
  await models.region("Pull a model").getByLabel("Model name").fill("gemma2:9b");
  const check = page.getByRole("status", { name: "Space check" });
  await expect(check).toContainText("Does not fit");
  await expect(check.getByRole("list", { name: "Models to delete" })).toContainText("llama3.1:70b");
  const pull = page.getByRole("button", { name: "Pull", exact: true });
  await expect(pull).toBeDisabled();
  await page.getByRole("checkbox", { name: /Pull anyway/ }).check();
  await expect(pull).toBeEnabled();
});

test.describe("as a viewer", () => {
  test.use(signedInAs("viewer"));

  test("a viewer sees the models but cannot pull, delete or unload", async ({ page, sim: _sim }) => {
    const models = new ModelsPage(page);
    await models.open();
    await expect(models.installed.getByRole("rowheader", { name: /llama3.2:3b/ })).toBeVisible();
    await expect(models.installed.getByRole("button", { name: "Delete llama3.2:3b" })).toBeDisabled();
    await expect(models.loaded.getByRole("button", { name: "Unload qwen2.5:7b" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Pull", exact: true })).toBeDisabled();
  });
});
