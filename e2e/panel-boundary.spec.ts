// A widget that throws while rendering (here: an answer whose shape the browser does not expect, as during a rollout
// where server and browser code differ) shows its own panel error with Retry; the rest of the page keeps working.
import { signedInAs } from "./support/auth.ts";
import { expect, test } from "./support/fixtures.ts";

test.use(signedInAs("viewer"));

test("a widget that fails to render shows a panel error with Retry; the rest of the page stays usable", async ({ page, sim: _sim }) => {
  // `pods: null` makes the Pods widget throw a TypeError during render; no production code knows about this test.
  await page.route("**/api/overview/pods", (route) => route.fulfill({ json: { pods: null, restarts: [], freshness: { synced: true } } }));
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");

  const pods = page.getByRole("region", { name: "Pods", exact: true });
  await expect(pods.getByRole("alert")).toContainText("This panel could not be shown");
  await expect(pods.getByRole("alert")).toContainText("The rest of the page still works.");
  // The page around it is whole: other widgets have their data, the heading and navigation are there.
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Loaded models", exact: true })).toContainText("qwen2.5:7b");
  await expect(page.getByRole("region", { name: "Deployment", exact: true })).toContainText("Healthy");
  await expect(page.getByRole("region", { name: "Disk headroom", exact: true })).toContainText(/Enough room/);
  expect(errors, "the render error was caught, not thrown to the page").toEqual([]);

  // Retry asks again: with a good answer now, the table comes back without a reload.
  await page.unroute("**/api/overview/pods");
  await pods.getByRole("button", { name: "Retry" }).click();
  await expect(pods.getByRole("table", { name: "Ollama pods" })).toContainText("Running");
  await expect(pods.getByRole("alert")).toHaveCount(0);

  // Keyboard and navigation still work after the failure.
  await page.getByRole("navigation").first().getByRole("link", { name: "Models" }).click();
  await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
});
