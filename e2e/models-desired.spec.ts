// Models as desired state (issue 14) in a real browser: the drift view from a declared ConfigMap, "Update all" with its
// fit summary, and "pinned" on the Overview.
import { execFileSync } from "node:child_process";
import { signedInAs } from "./support/auth.ts";
import { expect, test } from "./support/fixtures.ts";

const GIB = 2 ** 30;

/** What GitOps would do: apply ConfigMap ollama-models with this models.yaml (the scenario reset removes it again). */
function declare(yaml: string): void {
  const doc = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ollama-models", namespace: "ollama" }, data: { "models.yaml": yaml } };
  execFileSync("kubectl", ["--kubeconfig", ".tmp/e2e-kubeconfig", "apply", "-f", "-"], { input: JSON.stringify(doc), stdio: ["pipe", "ignore", "pipe"] });
}

test.describe.configure({ mode: "serial" });

test.afterEach(async ({ page }) => {
  const res = await page.request.get("/api/pulls");
  if (!res.ok()) return;
  const { jobs } = (await res.json()) as { jobs: { id: string; state: string }[] };
  for (const job of jobs.filter((j) => !["succeeded", "failed", "cancelled"].includes(j.state))) await page.request.delete(`/api/pulls/${job.id}`);
});

test.describe("as an operator", () => {
  test.use(signedInAs("operator"));

  test("the drift view lists Missing, Extra and pins, reconciles the missing model, and names the line of a broken models.yaml", async ({ page, sim }) => {
    await sim.speed(100e6);
    declare("models:\n  - name: llama3.2:3b\n    pin: true\n  - name: qwen2.5:7b\n  - name: phi3:mini\nprune: false\n");
    await page.goto("/models");
    const panel = page.getByRole("region", { name: "Declared model set" });
    const drift = panel.getByRole("list", { name: "Drift" }).or(panel.locator("dl[aria-label=Drift]"));
    await expect(drift.getByText("Missing (1)")).toBeVisible();
    await expect(drift.getByText("phi3:mini")).toBeVisible();
    await expect(drift.getByText("Extra (4)")).toBeVisible();
    await expect(drift.getByText("deepseek-r1:14b, llama3.1:70b, mistral:7b, nomic-embed-text:latest")).toBeVisible();
    await expect(panel.getByLabel("Declare these: paste into models.yaml in git")).toContainText("- name: mistral:7b");
    await expect(panel.getByRole("list", { name: "Pinned models" })).toContainText("llama3.2:3b");

    await panel.getByRole("button", { name: "Reconcile", exact: true }).click();
    await expect(panel.getByRole("status")).toContainText("Pulling phi3:mini.");
    await expect(panel.getByRole("status")).toContainText("Extras kept (models.yaml has prune: false)");
    await expect(page.getByRole("region", { name: "Pulls" }).getByRole("listitem", { name: "Pull phi3:mini" }).first()).toBeVisible();

    declare("models:\n  - name: llama3.2:3b\n    pin: sometimes\n");
    await expect(panel.getByRole("alert")).toContainText("ollama-models/models.yaml, line 3: pin must be true or false", { timeout: 20_000 });
    await expect(panel.getByRole("alert")).toContainText("Nothing is pulled or deleted until the file parses");
    await expect(panel.getByRole("button", { name: "Reconcile", exact: true })).toHaveCount(0);
  });

  test("Update all shows its fit summary, queues the updates that fit smallest first, and stops before the one that does not", async ({ page, sim }) => {
    await sim.speed(50e6);
    await sim.publish("mistral:7b", { modelBytes: 2 * GIB });
    await sim.publish("qwen2.5:7b", { modelBytes: 6 * GIB });
    await sim.publish("deepseek-r1:14b", { modelBytes: 60 * GIB });
    await page.goto("/models");
    const panel = page.getByRole("region", { name: "Model updates" });
    await panel.getByRole("button", { name: "Check now" }).click();
    const status = panel.getByRole("list", { name: "Update status" });
    await expect(status.getByRole("listitem").filter({ hasText: "llama3.2:3b" })).toContainText("up to date");
    await expect(status.getByRole("listitem").filter({ hasText: "mistral:7b" })).toContainText(/update available, \+2 GiB of new layers \([\d.]+ \w?i?B shared\), fits/);
    await expect(status.getByRole("listitem").filter({ hasText: "deepseek-r1:14b" })).toContainText("does not fit");
    const summary = panel.getByLabel("Update all summary");
    await expect(summary).toContainText("2 updates, 8 GiB to download, smallest first");
    await expect(summary).toContainText("stops before deepseek-r1:14b: deepseek-r1:14b needs 60 GiB but only");
    await panel.getByRole("button", { name: "Update all" }).click();
    const outcome = panel.getByRole("status");
    await expect(outcome).toContainText("Queued: mistral:7b, qwen2.5:7b");
    await expect(outcome).toContainText("Stopped before deepseek-r1:14b");
    const pulls = page.getByRole("region", { name: "Pulls" });
    await expect(pulls.getByRole("listitem", { name: "Pull mistral:7b" }).first()).toBeVisible();
    await expect(pulls.getByRole("listitem", { name: "Pull deepseek-r1:14b" })).toHaveCount(0);
  });
});

test.describe("as a viewer", () => {
  test.use(signedInAs("viewer"));

  test("the Overview marks a loaded pin 'pinned' (re-loaded with keep_alive -1) and shows the drift in one line", async ({ page, sim: _sim }) => {
    // qwen2.5:7b is loaded with keep_alive 30m in the homelab; declaring it pinned makes the console re-load it for good.
    declare("models:\n  - name: qwen2.5:7b\n    pin: true\n  - name: phi3:mini\n");
    await page.goto("/");
    const line = page.getByRole("status", { name: "Declared model set" });
    await expect(line).toContainText("1 missing · 5 extra");
    const inMemory = page.getByRole("table", { name: "Models loaded in memory" });
    const loaded = inMemory.getByRole("row").filter({ hasText: "qwen2.5:7b" });
    await expect(loaded.getByText("pinned", { exact: true })).toBeVisible();
    await expect(loaded.getByText("kept loaded")).toBeVisible({ timeout: 30_000 });
    await expect(inMemory.getByRole("row").filter({ hasText: "nomic-embed-text" }).getByText("pinned", { exact: true })).toHaveCount(0);
  });
});
