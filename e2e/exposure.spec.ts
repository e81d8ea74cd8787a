// Closing an exposure end to end: Ollama published without authentication shows red on the Overview; the generated
// Kustomize entries, merged into the Ollama example overlay and applied to the simulated cluster with kubectl exactly
// as an operator would, turn it green. EXTERNAL_URL is the simulated Traefik (sim/traefik/), which routes by the
// cluster's IngressRoutes and Middlewares and checks forwardAuth against this console.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { signedInAs } from "./support/auth.ts";
import { expect, test } from "./support/fixtures.ts";
import { simEndpoints } from "./support/sim.ts";

function kubectl(args: string[], input?: string): string {
  const r = spawnSync("kubectl", ["--kubeconfig", simEndpoints().kubeconfig, ...args], { input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Appends the copied `components:` and `patches:` entries to the overlay's lists, as an operator edits the file. */
function mergeEntries(kustomizationFile: string, entries: string) {
  const overlay = parse(readFileSync(kustomizationFile, "utf8")) as Record<string, unknown[]>;
  const add = parse(entries) as Record<string, unknown[]>;
  for (const [key, items] of Object.entries(add)) overlay[key] = [...(overlay[key] ?? []), ...items];
  writeFileSync(kustomizationFile, stringify(overlay));
}

test.use(signedInAs("admin"));

// The `sim` fixture resets the homelab before; afterwards too, so the next spec meets the homelab's own route.
test.afterEach(async ({ sim }) => {
  await sim.scenario("homelab");
});

// `sim: _homelab`: requesting the fixture resets the simulators to the homelab first.
test("an open Ollama is red; the generated forwardAuth entries, applied, make it green", async ({ page, sim: _homelab }) => {
  // Staged: the operator published Ollama at EXTERNAL_URL's host with no middleware at all.
  const host = new URL(simEndpoints().gateway).hostname;
  kubectl(["-n", "ollama", "patch", "ingressroute", "ollama", "--type=json", "-p", JSON.stringify([{ op: "replace", path: "/spec/routes/0/match", value: `Host(\`${host}\`)` }])]);

  await page.goto("/");
  const exposure = page.getByRole("region", { name: "Access path" }).getByRole("region", { name: "Exposure" });
  await expect(exposure).toContainText("Public without authentication: anyone on the internet can delete models", { timeout: 45_000 });
  await expect(exposure).toContainText('DELETE /api/delete with body "{" → 400: Ollama answered without credentials');
  await expect(page.getByRole("status", { name: "Exposure" })).toContainText("Public without authentication");

  await exposure.getByRole("radio", { name: "API keys (forwardAuth to this console)" }).check();
  await expect(exposure.getByRole("button", { name: "Copy the kustomization entries" })).toBeVisible();
  const entries = await exposure.getByLabel("the kustomization entries", { exact: true }).innerText();
  expect(entries).toContain("components/ollama-exposure-forward-auth");
  expect(entries).toContain(`Host(\`${host}\`)`);

  // What the operator does with them: add them to the overlay the fix names, render it, apply what Traefik reads.
  const work = mkdtempSync(join(tmpdir(), "e2e-exposure-"));
  try {
    cpSync(resolve("deploy"), join(work, "deploy"), { recursive: true });
    const overlay = join(work, "deploy/examples/ollama/overlays/homelab");
    mergeEntries(join(overlay, "kustomization.yaml"), entries);
    const rendered = kubectl(["kustomize", overlay]);
    const traefikObjects = rendered
      .split(/^---$/m)
      .filter((doc) => /^kind: (IngressRoute|Middleware)$/m.test(doc))
      .join("\n---\n");
    expect(traefikObjects).toContain("forwardAuth");
    kubectl(["apply", "-f", "-"], traefikObjects);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  await expect(exposure).toContainText("Inference only, behind authentication: management paths are not routed", { timeout: 45_000 });
  await expect(exposure).toContainText(/GET \/api\/tags → 401: credentials required/);
  await expect(exposure).toContainText("middlewares ollama/ollama-auth [forwardAuth]");
  await expect(page.getByRole("status", { name: "Exposure" })).not.toContainText("Public without authentication");
});
