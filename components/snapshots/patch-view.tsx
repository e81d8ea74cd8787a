"use client";
// The Kustomize patch that points the Ollama Deployment at a restored claim, ready to copy and commit.
import { toast } from "sonner";
import { ErrorState } from "@/components/ui/states";
import { kustomizePatch } from "@/lib/shared/snapshots/patch";
import type { CacheVolume } from "@/lib/shared/contracts/snapshots";
import { smallButton } from "@/components/ui/styles";

async function copy(text: string, what: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(`Copied ${what}`);
  } catch {
    toast.error("Copy failed: the browser refused clipboard access; select the text instead");
  }
}

/** A file to copy: its path, a Copy button and the text. The text scrolls sideways, so it is keyboard-focusable. */
export function CodeBlock({ path, text, what }: { path: string; text: string; what: string }) {
  return (
    <figure className="min-w-0 rounded-md border border-border">
      <figcaption className="flex items-center justify-between gap-2 border-b border-border bg-raised px-3 py-1.5">
        <span className="min-w-0 break-all font-mono text-xs">{path}</span>
        <button type="button" className={smallButton} onClick={() => void copy(text, what)} aria-label={`Copy ${what}`}>
          Copy
        </button>
      </figcaption>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-relaxed" aria-label={what} tabIndex={0}>
        {text}
      </pre>
    </figure>
  );
}

export function PatchView({ cache, claim, snapshot }: { cache: CacheVolume; claim: string; snapshot: string | undefined }) {
  if (!cache.volume) {
    return (
      <ErrorState
        title="No volume to patch"
        reason={`Deployment ${cache.namespace}/${cache.deployment} has no volume using PVC ${cache.pvc}, so the console cannot tell which volume to point at ${claim}.`}
      />
    );
  }
  const patch = kustomizePatch({ namespace: cache.namespace, deployment: cache.deployment, volume: cache.volume, claim, snapshot });
  return (
    <div className="space-y-3">
      <p className="text-xs text-muted">
        Commit these two changes to <span className="font-mono">overlays/homelab</span> in the repository your GitOps controller deploys. The console does not patch the
        Deployment itself: the controller would revert it to what Git says. After the rollout, Ollama mounts <span className="font-mono">{claim}</span> in place of{" "}
        <span className="font-mono">{cache.pvc}</span> (volume <span className="font-mono">{cache.volume}</span>).
      </p>
      <CodeBlock path={patch.patchPath} text={patch.patchYaml} what="the Deployment patch" />
      <CodeBlock path={`${patch.kustomizationPath} (add to patches:)`} text={patch.kustomizationEntry} what="the kustomization entry" />
    </div>
  );
}
