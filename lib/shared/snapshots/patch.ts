// The Kustomize change that points the Ollama Deployment at a restored claim (browser-safe, pure).
import type { KustomizePatch } from "./types";

export interface PatchInput {
  namespace: string;
  deployment: string;
  /** The Deployment's pod volume that holds the model cache. */
  volume: string;
  /** The restored PVC. */
  claim: string;
  snapshot: string | undefined;
  overlay?: string;
}

/** One stable file name, so a later restore replaces the patch instead of stacking another. */
const PATCH_FILE = "patches/ollama-model-cache.yaml";

// DNS-1123 names need quotes only where YAML would read them as something else (123, 1e3, true, null, ~).
const NOT_A_STRING = /^(?:[-+]?[0-9][0-9._e+-]*|\.[0-9]+|true|false|yes|no|on|off|y|n|null|~)$/i;
const scalar = (name: string) => (NOT_A_STRING.test(name) ? `"${name}"` : name);

/** Builds a strategic-merge patch (volumes merge by `name`) and the `patches:` entry that applies it. */
export function kustomizePatch(input: PatchInput): KustomizePatch {
  const overlay = (input.overlay ?? "overlays/homelab").replace(/\/+$/, "");
  const origin = input.snapshot ? ` restored from VolumeSnapshot ${input.snapshot}` : "";
  const patchYaml = [
    `# Mount the model cache from PVC ${input.claim}${origin}.`,
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${scalar(input.deployment)}`,
    `  namespace: ${scalar(input.namespace)}`,
    "spec:",
    "  template:",
    "    spec:",
    "      volumes:",
    `        - name: ${scalar(input.volume)}`,
    "          persistentVolumeClaim:",
    `            claimName: ${scalar(input.claim)}`,
    "",
  ].join("\n");
  const kustomizationEntry = ["patches:", `  - path: ${PATCH_FILE}`, ""].join("\n");
  return {
    patchPath: `${overlay}/${PATCH_FILE}`,
    patchYaml,
    kustomizationPath: `${overlay}/kustomization.yaml`,
    kustomizationEntry,
  };
}
