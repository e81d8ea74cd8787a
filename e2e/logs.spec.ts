// The log view: an admin follows Ollama's log live with highlights, filters it, and opens the last lines of an
// OOM-killed container; operators and viewers get no link and a 403 from the API.
import { LogsPage } from "./pages/logs.ts";
import { expect, signedInAs, test } from "./support/fixtures.ts";

const ENOSPC = `time=${new Date().toISOString()} level=ERROR source=images.go:653 msg="write /root/.ollama/models/blobs/sha256-e2e-partial: no space left on device"`;

test.describe("as an admin", () => {
  test.use(signedInAs("admin"));

  test("follows the log live, explains highlighted lines and filters by level and text", async ({ page, sim }) => {
    const logs = new LogsPage(page);
    await page.goto("/");
    await logs.nav().getByRole("link", { name: "Logs" }).click();
    await expect(page).toHaveURL(/\/logs$/);
    await expect(logs.status).toContainText("Live");
    await expect(logs.lines).toContainText('msg="inference compute"');
    await expect(logs.lines.getByText("offloaded 29/29 layers to GPU").first()).toBeVisible();
    await expect(logs.lines.getByText("All 29 layers run on the GPU.").first()).toBeVisible();

    await sim.ollamaLog([ENOSPC]);
    const full = logs.lines.getByRole("listitem").filter({ hasText: "sha256-e2e-partial" });
    await expect(full).toContainText("The model cache volume is full");

    await page.getByRole("searchbox", { name: "Text" }).fill("e2e-partial");
    await expect(logs.lines.getByRole("listitem")).toHaveCount(1);
    await page.getByRole("checkbox", { name: "Error" }).uncheck();
    await expect(logs.lines.getByRole("listitem")).toHaveCount(0);
    await page.getByRole("checkbox", { name: "Error" }).check();
    await page.getByRole("searchbox", { name: "Text" }).fill("");
    await page.getByRole("checkbox", { name: "Highlights only" }).check();
    await expect(logs.lines.getByRole("listitem").filter({ hasText: "Listening on" })).toHaveCount(0);
  });

  test("shows the OOM-killed container's last lines from the restart history and the previous container", async ({ page, sim }) => {
    const logs = new LogsPage(page);
    await logs.open();
    await expect(logs.status).toContainText("Live");
    await sim.action("oom-crash");
    await expect(logs.lines).toContainText("offloaded 0/81 layers to GPU");
    const oom = logs.restarts.getByRole("listitem").filter({ hasText: "OOMKilled" }).first();
    await oom.getByRole("button", { name: "Last lines" }).click();
    await expect(page.getByRole("tab", { name: /^Restart \d+$/ })).toHaveAttribute("aria-selected", "true");
    await expect(logs.lines.getByRole("listitem").last()).toContainText("waiting for llama runner to start responding");

    await page.getByRole("tab", { name: "Previous container" }).click();
    await expect(logs.lines.getByRole("listitem").last()).toContainText("waiting for llama runner to start responding");
  });

  test("links each restart in the Overview's history to the last lines of the container that died", async ({ page, sim }) => {
    const logs = new LogsPage(page);
    await page.goto("/");
    await sim.action("oom-crash");
    const pods = page.getByRole("region", { name: "Pods" });
    await pods.getByText(/^Restart history \(\d+, kept by the console\)$/).click();
    const oom = pods.getByRole("list", { name: "Restart history" }).getByRole("listitem").filter({ hasText: "OOMKilled" }).first();
    await oom.getByRole("link", { name: /^Last log lines of .+ before restart \d+$/ }).click();
    await expect(page).toHaveURL(/\/logs\?restart=/);
    await expect(page.getByRole("tab", { name: /^Restart \d+$/ })).toHaveAttribute("aria-selected", "true");
    await expect(logs.lines.getByRole("listitem").last()).toContainText("waiting for llama runner to start responding");
  });
});

for (const role of ["operator", "viewer"] as const) {
  test.describe(`as ${role === "operator" ? "an" : "a"} ${role}`, () => {
    test.use(signedInAs(role));

    test("has no Logs link, no link from a restart to its log, a refusal on the page and 403 from every log API", async ({ page, sim }) => {
      const logs = new LogsPage(page);
      await page.goto("/");
      await expect(logs.nav().getByRole("link", { name: "Overview" })).toBeVisible();
      await expect(logs.nav().getByRole("link", { name: "Logs" })).toHaveCount(0);
      await sim.action("oom-crash");
      const pods = page.getByRole("region", { name: "Pods" });
      await pods.getByText(/^Restart history \(\d+, kept by the console\)$/).click();
      await expect(pods.getByRole("list", { name: "Restart history" }).getByRole("listitem").filter({ hasText: "OOMKilled" }).first()).toBeVisible();
      await expect(pods.getByRole("link", { name: /^Last log lines of / })).toHaveCount(0);
      await logs.open();
      await expect(page.getByRole("alert").filter({ hasText: "Admins only" })).toContainText(`you are signed in as ${role}`);
      await expect(logs.lines).toHaveCount(0);
      for (const path of ["/api/logs", "/api/logs/stream", "/api/logs/restarts", "/api/logs/restart?pod=ollama-x&container=ollama&restartCount=1"]) {
        const res = await page.request.get(path);
        expect(res.status(), path).toBe(403);
        expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`This action needs the admin role; you are signed in as ${role}`);
      }
    });
  });
}
