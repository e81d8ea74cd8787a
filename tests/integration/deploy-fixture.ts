// Shared by the deploy tests: renders a Kustomize directory with the real kubectl and returns the objects.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const DEPLOY = fileURLToPath(new URL("../../deploy/", import.meta.url));

/** A rendered Kubernetes object, loosely typed: tests read the fields they check. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `kubectl kustomize <dir>` (dir relative to deploy/ or absolute) → objects; throws with kubectl's message on failure. */
export async function render(dir: string): Promise<K8sObject[]> {
  const path = dir.startsWith("/") ? dir : join(DEPLOY, dir);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile("kubectl", ["kustomize", path], { timeout: 30_000, maxBuffer: 8 * 1024 * 1024 }, (err, out, stderr) =>
      err ? reject(new Error(`kubectl kustomize ${dir} failed: ${stderr || err.message}`)) : resolve(out),
    );
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** Renders a throwaway overlay of `resources` plus `components` (paths relative to deploy/), as a user would write one. */
export async function renderWith(resources: string[], components: string[]): Promise<K8sObject[]> {
  const dir = await mkdtemp(join(tmpdir(), "deploy-overlay-"));
  try {
    const rel = (p: string) => relative(dir, join(DEPLOY, p));
    const kustomization = [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      ...resources.map((r) => `  - ${rel(r)}`),
      "components:",
      ...components.map((c) => `  - ${rel(c)}`),
    ].join("\n");
    await writeFile(join(dir, "kustomization.yaml"), kustomization + "\n");
    return await render(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The one object of this kind and name; throws if absent. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}
