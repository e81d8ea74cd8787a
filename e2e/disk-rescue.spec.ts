// Disk rescue in a real browser against the simulators: the reclaim flow with its guards, and growing the volume from a
// pre-flight that does not fit.
import { stateFile } from "./support/auth.ts";
import { expect, signedInAs, test } from "./support/fixtures.ts";

test.use(signedInAs("admin"));

test.describe.configure({ mode: "serial" });

// Pull jobs belong to the console, not to a test: cancel whatever a test left running.
test.afterEach(async ({ page }) => {
  const res = await page.request.get("/api/pulls");
  if (!res.ok()) return;
  const { jobs } = (await res.json()) as { jobs: { id: string; state: string }[] };
  for (const job of jobs.filter((j) => !["succeeded", "failed", "cancelled"].includes(j.state))) await page.request.delete(`/api/pulls/${job.id}`);
});

test("reclaim: the guards in the dialog, the restart, and freed vs expected", async ({ page, sim }) => {
  void sim;
  await page.goto("/");
  const panel = page.getByRole("region", { name: "Reclaim space", exact: true });
  await expect(panel.getByText("Unreferenced blobs")).toBeVisible();
  await expect(panel.getByText("700 MiB (1 blob)")).toBeVisible();
  await panel.getByRole("button", { name: "Restart Ollama to reclaim 700 MiB" }).click();

  const dialog = page.getByRole("dialog", { name: "Restart Ollama?" });
  await expect(dialog.getByRole("region", { name: "Downtime" })).toContainText("Ollama runs one replica with the Recreate strategy: it is down from the pod's deletion until the new pod is ready");
  const dropping = dialog.getByRole("region", { name: "Loaded models that will drop" });
  await expect(dropping.getByRole("listitem").filter({ hasText: "qwen2.5:7b" })).not.toContainText("pinned");
  await expect(dropping.getByRole("listitem").filter({ hasText: "nomic-embed-text:latest" })).toContainText("pinned: loaded again afterwards");
  await expect(dialog.getByRole("button", { name: "Take a snapshot first" })).toBeEnabled();
  await expect(dialog.getByRole("region", { name: "OLLAMA_NOPRUNE is set" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Restart Ollama to reclaim 700 MiB" }).click();
  await expect(dialog).toBeHidden();

  const progress = panel.getByRole("status", { name: "Restart progress" });
  await expect(progress).toContainText(/Restarting|Reloading|Measuring|Done/);
  await expect(progress).toContainText("Done: Freed 700 MiB of the expected 700 MiB", { timeout: 30_000 });
  await expect(panel.getByRole("button", { name: "Restart Ollama to reclaim 0 B" })).toBeDisabled();
  await expect(panel.getByText("Nothing to reclaim")).toBeVisible();
});

test("reclaim is refused while a pull runs, and viewers cannot restart", async ({ page, sim, browser, baseURL }) => {
  await sim.speed(20e6);
  await page.goto("/");
  const started = await page.request.post("/api/pulls", { data: { model: "gemma2:27b" } });
  expect(started.ok(), await started.text()).toBe(true);
  const panel = page.getByRole("region", { name: "Reclaim space", exact: true });
  await expect(panel.getByText(/^Refused while a pull is running or journaled: gemma2:27b/)).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByRole("button", { name: /^Restart Ollama to reclaim/ })).toBeDisabled();

  // The viewer, in a browser context of their own (the setup project's session), at the same moment.
  const viewer = await browser.newContext({ baseURL, storageState: stateFile("viewer", baseURL ?? "") });
  try {
    const viewerPage = await viewer.newPage();
    await viewerPage.goto("/");
    const viewerPanel = viewerPage.getByRole("region", { name: "Reclaim space", exact: true });
    await expect(viewerPanel.getByText("Restarting Ollama needs the admin role")).toBeVisible();
    await expect(viewerPanel.getByRole("button", { name: /^Restart Ollama to reclaim/ })).toBeDisabled();
  } finally {
    await viewer.close();
  }
});

test("a pre-flight that does not fit offers to grow the volume: the Kustomize patch, then Expand now through the resize", async ({ page, sim }) => {
  await sim.scenario("disk-nearly-full");
  await page.goto("/models");
  await page.getByRole("region", { name: "Pull a model", exact: true }).getByLabel("Model name").fill("gemma2:27b");
  const check = page.getByRole("status", { name: "Space check" });
  await expect(check).toContainText("Does not fit");
  await check.getByRole("button", { name: "Grow the volume instead" }).click();

  const dialog = page.getByRole("dialog", { name: "Grow the volume" });
  await expect(dialog.getByText("longhorn: allows expansion")).toBeVisible();
  const proposed = (await dialog.getByText(/^\d+Gi — used /).textContent()) ?? "";
  const size = /^(\d+Gi)/.exec(proposed)?.[1] ?? "";
  expect(Number(size.replace("Gi", ""))).toBeGreaterThan(50);
  await expect(dialog.getByRole("tab", { name: "Kustomize patch (git)" })).toHaveAttribute("aria-selected", "true");
  await expect(dialog.getByLabel("Kustomize patch")).toContainText(`name: ollama-models\n  namespace: ollama\nspec:\n  resources:\n    requests:\n      storage: ${size}`);

  await dialog.getByRole("tab", { name: "Expand now" }).click();
  await expect(dialog.getByRole("note")).toContainText("A GitOps tool (Fleet, Flux, Argo CD) that manages this PVC will set the old size back");
  await dialog.getByLabel("New size").fill("40Gi");
  await dialog.getByRole("button", { name: "Expand now", exact: true }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "40Gi is not larger than the volume's current 50Gi: Kubernetes cannot shrink a volume" })).toBeVisible();

  await dialog.getByLabel("New size").fill(size);
  await dialog.getByRole("button", { name: "Expand now", exact: true }).click();
  const progress = dialog.getByRole("status", { name: "Resize progress" });
  await expect(progress).toContainText(/Growing the volume|The volume is grown|Requested/);
  await expect(progress).toBeHidden({ timeout: 30_000 });
  await expect(dialog.getByText(`${size.replace("Gi", "")} GiB`, { exact: true })).toBeVisible();
});
