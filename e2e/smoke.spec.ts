import { expect, signedInAs, test } from "./support/fixtures.ts";

test.describe("signed in", () => {
  test.use(signedInAs("viewer"));

  test("the Overview renders both unreachable states with their reasons", async ({ page, sim }) => {
    await sim.faults({ kube: "down", ollama: "down" });
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    // Never listed: an error titled "Kubernetes API unreachable"; listed before: the last objects, "Stale since …: Kubernetes API unreachable: …".
    await expect(page.getByRole("region", { name: "Deployment", exact: true })).toContainText("Kubernetes API unreachable");
    await expect(page.getByRole("region", { name: "Ollama API", exact: true })).toContainText("Ollama API unreachable: connection refused");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" })).toBeVisible();
  });
});

test("the health probe answers without a session and reveals no settings", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).not.toContain("127.0.0.1");
  expect(JSON.parse(text)).toMatchObject({ status: "ok" });
});
