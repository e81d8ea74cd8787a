import { describe, expect, it } from "vitest";
import { kustomizePatch } from "./patch";

describe("kustomizePatch", () => {
  it("writes a strategic-merge patch that swaps the model volume's claim, and the patches: entry", () => {
    const p = kustomizePatch({ namespace: "ollama", deployment: "ollama", volume: "models", claim: "ollama-models-restore-weekly", snapshot: "weekly" });
    expect(p.patchPath).toBe("overlays/homelab/patches/ollama-model-cache.yaml");
    expect(p.kustomizationPath).toBe("overlays/homelab/kustomization.yaml");
    expect(p.patchYaml).toBe(
      [
        "# Mount the model cache from PVC ollama-models-restore-weekly restored from VolumeSnapshot weekly.",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: ollama",
        "  namespace: ollama",
        "spec:",
        "  template:",
        "    spec:",
        "      volumes:",
        "        - name: models",
        "          persistentVolumeClaim:",
        "            claimName: ollama-models-restore-weekly",
        "",
      ].join("\n"),
    );
    expect(p.kustomizationEntry).toBe("patches:\n  - path: patches/ollama-model-cache.yaml\n");
  });

  it("quotes names YAML would read as numbers or booleans, and honours another overlay", () => {
    const p = kustomizePatch({ namespace: "ollama", deployment: "ollama", volume: "1e3", claim: "123", snapshot: undefined, overlay: "deploy/overlays/lab/" });
    expect(p.patchYaml).toContain('        - name: "1e3"\n');
    expect(p.patchYaml).toContain('            claimName: "123"\n');
    expect(p.patchYaml.split("\n")[0]).toBe("# Mount the model cache from PVC 123.");
    expect(p.patchPath).toBe("deploy/overlays/lab/patches/ollama-model-cache.yaml");
  });
});
