// Snapshots page in a real browser against the simulators: create → ready, delete, restore → Bound + patch, and each state it must explain.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homelabView, SnapshotsPage } from "./pages/snapshots.ts";
import { expect, signedInAs, test } from "./support/fixtures.ts";
import { simEndpoints } from "./support/sim.ts";

const GROUP = "snapshot.storage.k8s.io";
const OLDER = "ollama-models-20261119-0300";
const NEWER = "ollama-models-20261125-0300";
/** Last night's snapshot, the newest in homelab (within its 24h RPO). */
const NEWEST = "ollama-models-20261126-0300";

/** Loads a scenario written on the fly (extends homelab) through the control API. */
async function loadScenarioFile(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), "e2e-snapshots-")), "scenario.yaml");
  writeFileSync(file, yaml);
  const res = await fetch(`${simEndpoints().control}/__sim/scenario`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ file }) });
  expect(res.ok, await res.text()).toBe(true);
}

// Signed in by the setup project: no sign-in page lands on /snapshots and warms the console's caches just before a test
// changes the scenario (the cause of this file's old flakes). A test that changes the scenario waits, in
// SnapshotsPage.open, until the console shows it.
test.use(signedInAs("admin"));

const STATE_HEADER = 'apiVersion: sim.ollama-ops.dev/v1\nkind: SimulatorState\nextends: homelab\nreferenceTime: "2026-11-26T12:00:00Z"';

test("lists the cache's snapshots newest first and creates one that turns ready", async ({ page, sim: _sim }) => {
  const p = new SnapshotsPage(page);
  await p.open();
  const rows = p.list.getByRole("rowheader");
  await expect(rows.nth(0)).toContainText(NEWEST);
  await expect(rows.nth(1)).toContainText(NEWER);
  await expect(rows.nth(2)).toContainText(OLDER);
  await expect(p.row(NEWER)).toContainText("Ready");
  // A 100Gi restore size reads in the unit Kubernetes uses, as the restore dialog's "100Gi" does.
  await expect(p.row(NEWER)).toContainText("100 GiB");
  await expect(p.row(NEWER)).not.toContainText(/\d GB/);

  await page.getByRole("button", { name: "Create snapshot" }).click();
  await expect(p.dialog.getByLabel("Snapshot class")).toHaveValue("longhorn-snapshot");
  await p.dialog.getByLabel(/^Name/).fill("Before_Upgrade");
  await expect(p.dialog.getByText("Not a valid name: must be lowercase")).toBeVisible();
  await expect(p.dialog.getByRole("button", { name: "Create snapshot" })).toBeDisabled();
  await p.dialog.getByLabel(/^Name/).fill("before-upgrade");
  await p.dialog.getByRole("button", { name: "Create snapshot" }).click();
  await expect(p.dialog).toBeHidden();

  await expect(rows.nth(0)).toContainText("before-upgrade");
  await expect(p.row("before-upgrade")).toContainText(/Pending|Ready/);
  await expect(p.row("before-upgrade")).toContainText("Ready", { timeout: 20_000 });
  await expect(p.row("before-upgrade")).toContainText("6 models recorded");
});

test("deletes a snapshot after a confirmation naming it and its deletion policy", async ({ page, sim: _sim }) => {
  const p = new SnapshotsPage(page);
  await p.open();
  await p.row(OLDER).getByRole("button", { name: `Delete ${OLDER}` }).click();
  await expect(p.dialog.getByRole("heading", { name: "Delete snapshot?" })).toBeVisible();
  await expect(p.dialog).toContainText(OLDER);
  await expect(p.dialog).toContainText("Deletion policy Delete: the snapshot in the storage system is deleted too.");
  await p.dialog.getByRole("button", { name: `Delete ${OLDER}` }).click();
  await expect(p.dialog).toBeHidden();
  await expect(p.row(OLDER)).toHaveCount(0);
  await expect(p.row(NEWER)).toHaveCount(1);
});

test("restores a snapshot into a new PVC, follows it to Bound and shows the patch to commit", async ({ page, sim: _sim }) => {
  const p = new SnapshotsPage(page);
  await p.open();
  await p.row(NEWER).getByRole("button", { name: `Restore ${NEWER}` }).click();
  const size = p.dialog.getByLabel("Size");
  await expect(size).toHaveValue("100Gi");
  await size.fill("10Gi");
  await expect(p.dialog.getByText("10Gi is smaller than the snapshot's restore size 100Gi")).toBeVisible();
  await size.fill("120Gi");
  await expect(p.dialog).toContainText("does not change the Deployment");
  await p.dialog.getByRole("button", { name: "Restore to new PVC" }).click();
  await expect(p.dialog).toBeHidden();

  const claim = `ollama-models-restore-${NEWER}`;
  const restored = page.getByRole("listitem", { name: `Restored claim ${claim}` });
  await expect(restored).toContainText("Bound", { timeout: 20_000 });
  const patch = restored.getByLabel("the Deployment patch", { exact: true });
  await expect(patch).toContainText("kind: Deployment");
  await expect(patch).toContainText("- name: models");
  await expect(patch).toContainText(`claimName: ${claim}`);
  await expect(restored.getByLabel("the kustomization entry", { exact: true })).toContainText("- path: patches/ollama-model-cache.yaml");
  await expect(restored).toContainText("overlays/homelab/patches/ollama-model-cache.yaml");
  await expect(restored.getByRole("button", { name: "Copy the Deployment patch" })).toBeEnabled();
});

test("says when the VolumeSnapshot API is not installed", async ({ page, sim }) => {
  await sim.scenario("no-snapshot-api");
  const p = new SnapshotsPage(page);
  await p.open((v) => !v.snapshots.ok);
  await expect(p.list.getByText("VolumeSnapshot API not installed")).toBeVisible();
  await expect(p.list).toContainText("install the CSI snapshot controller and its CRDs");
  await expect(p.list.getByRole("link", { name: /external-snapshotter/ })).toHaveAttribute("href", /kubernetes-csi\/external-snapshotter/);
  await expect(page.getByRole("button", { name: "Create snapshot" })).toBeDisabled();
});

test("asks for a class when the cluster has no default one", async ({ page, sim: _sim }) => {
  await loadScenarioFile(`${STATE_HEADER}\n---\napiVersion: ${GROUP}/v1\nkind: VolumeSnapshotClass\nmetadata: {name: longhorn-snapshot}\ndriver: driver.longhorn.io\ndeletionPolicy: Delete\n`);
  const p = new SnapshotsPage(page);
  await p.open((v) => v.classes.ok && v.classes.data.length > 0 && !v.classes.data.some((c) => c.isDefault));
  await expect(p.list.getByText("No default VolumeSnapshotClass")).toBeVisible();
  await page.getByRole("button", { name: "Create snapshot" }).click();
  await expect(p.dialog.getByLabel("Snapshot class")).toHaveValue("");
  await expect(p.dialog.getByRole("button", { name: "Create snapshot" })).toBeDisabled();
  await p.dialog.getByLabel("Snapshot class").selectOption("longhorn-backup-retain");
  await p.dialog.getByLabel(/^Name/).fill("kept-forever");
  await p.dialog.getByRole("button", { name: "Create snapshot" }).click();
  await expect(p.row("kept-forever")).toContainText("longhorn-backup-retain");
  await expect(p.row("kept-forever")).toContainText("Retain");
});

test("shows the error the snapshot controller wrote in the status", async ({ page, sim }) => {
  await sim.faults({ snapshotController: "error" });
  const p = new SnapshotsPage(page);
  await p.open();
  await p.create("doomed");
  await expect(p.row("doomed")).toContainText("Error", { timeout: 20_000 });
  await expect(p.row("doomed")).toContainText("storage backend unavailable");
});

test("suspects the snapshot controller when a snapshot has had no status for a while", async ({ page, sim: _sim }) => {
  await loadScenarioFile(
    `${STATE_HEADER}\nsnapshots: {controller: stalled}\n---\napiVersion: ${GROUP}/v1\nkind: VolumeSnapshot\nmetadata: {name: ollama-models-stuck, namespace: ollama, creationTimestamp: "2026-11-26T11:58:00Z"}\nspec:\n  source: {persistentVolumeClaimName: ollama-models}\n  volumeSnapshotClassName: longhorn-snapshot\n`,
  );
  const p = new SnapshotsPage(page);
  await p.open((v) => homelabView(v) && v.snapshots.ok && v.snapshots.data.items.some((s) => s.name === "ollama-models-stuck"));
  await expect(p.row("ollama-models-stuck")).toContainText("No controller");
  await expect(p.row("ollama-models-stuck")).toContainText(/the snapshot controller has not acted on this snapshot after 2m( \d+s)?; is it running\?/);
});

test("explains a missing permission instead of offering a button that fails", async ({ page, sim }) => {
  await sim.faults({ forbid: [{ verb: "create", resource: "volumesnapshots", group: GROUP }] });
  const p = new SnapshotsPage(page);
  // Permission reviews are cached for 5 s (lib/features/snapshots/access.ts): open the page once the console sees the denial.
  await p.open((v) => (v.access.create.reason ?? "").includes("may not create"));
  await expect(page.getByText("Create snapshot: the console's service account may not create volumesnapshots.snapshot.storage.k8s.io in namespace ollama.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create snapshot" })).toBeDisabled();
});

test.describe("as an operator", () => {
  test.use(signedInAs("operator"));

  test("may create but not delete or restore, and the server agrees", async ({ page, sim: _sim }) => {
    const p = new SnapshotsPage(page);
    await p.open();
    await expect(page.getByText("Delete and restore: needs the admin role; you are signed in as operator.")).toBeVisible();
    await expect(p.row(NEWER).getByRole("button", { name: `Delete ${NEWER}` })).toBeDisabled();
    await expect(p.row(NEWER).getByRole("button", { name: `Restore ${NEWER}` })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Create snapshot" })).toBeEnabled();
    const refused = await page.evaluate(async (name) => {
      const res = await fetch(`/api/snapshots/${name}`, { method: "DELETE" });
      return { status: res.status, body: (await res.json()) as { error: { message: string } } };
    }, NEWER);
    expect(refused).toEqual({ status: 403, body: { error: expect.objectContaining({ message: "This action needs the admin role; you are signed in as operator" }) } });
  });
});

test.describe("as a viewer", () => {
  test.use(signedInAs("viewer"));

  test("only reads", async ({ page, sim: _sim }) => {
    const p = new SnapshotsPage(page);
    await p.open();
    await expect(page.getByText("Create snapshot: needs the operator role; you are signed in as viewer.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create snapshot" })).toBeDisabled();
  });
});

test("the Overview shows the last snapshot, its age and state", async ({ page, sim: _sim }) => {
  await page.goto("/");
  const widget = page.getByRole("region", { name: "Last snapshot" });
  await expect(widget).toContainText(NEWEST);
  await expect(widget).toContainText("Ready");
  await expect(widget).toContainText(/taken 9h( \d+m)? ago/);
  await expect(page.getByRole("region", { name: "Backups", exact: true })).toContainText("Within RPO");
});

test("a failed newest snapshot is not shown as the last backup: the usable one is, and the failure on its own", async ({ page, sim }) => {
  await sim.scenario("snapshot-failed");
  // Snapshot lists are cached for 1 s (lib/features/snapshots/read.ts): open the Overview once the console lists the failure.
  await expect
    .poll(async () => JSON.stringify(await (await page.request.get("/api/snapshots?view=summary")).json()), { message: "the console to list the failed snapshot" })
    .toContain("ollama-models-20261126-1100");
  await page.goto("/");
  const widget = page.getByRole("region", { name: "Last snapshot" });
  await expect(widget).toContainText(`${NEWEST}Ready`);
  await expect(widget).toContainText(/taken 9h( \d+m)? ago/);
  await expect(widget).toContainText(/ollama-models-20261126-1100 failed 59m( \d+s)? ago: Failed to check and update snapshot content/);
  await expect(widget).not.toContainText(/ollama-models-20261126-1100\s*(Ready|taken)/);
  const strip = page.getByRole("region", { name: "Backups", exact: true });
  await expect(strip).toContainText("Last snapshot failed");
  await expect(strip).toContainText("Warning:");
});
