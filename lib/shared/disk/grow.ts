// Growing the model cache volume: the target size, the Kustomize patch for git, and why an expansion is refused. Pure.
import { patchFile } from "../kubernetes/patch-file";
import type { GrowTarget } from "../contracts/disk";
export type { GrowTarget };

const GIB = 1024 ** 3;
const TIB = 1024 * GIB;
/** Nobody's homelab cache PVC is this big; a larger request is a typo. */
export const MAX_VOLUME_BYTES = 64 * TIB;

/** Round-up step for a size: coarse for big volumes, so the target reads like a size someone would pick. */
function tidyStep(bytes: number): number {
  if (bytes <= 100 * GIB) return 10 * GIB;
  if (bytes <= 500 * GIB) return 50 * GIB;
  if (bytes <= 2 * TIB) return 100 * GIB;
  return 512 * GIB;
}

/** "150Gi" or "2Ti" for a whole number of GiB. */
export function quantityOf(bytes: number): string {
  const gib = Math.ceil(bytes / GIB);
  return gib % 1024 === 0 ? `${gib / 1024}Ti` : `${gib}Gi`;
}

/** "150Gi" / "2Ti" → bytes; undefined for anything else (the console only proposes and accepts whole Gi/Ti). */
export function parseSizeQuantity(text: string): number | undefined {
  const m = /^([1-9]\d{0,5})(Gi|Ti)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === "Ti" ? TIB : GIB);
}

export interface TargetInput {
  usedBytes: number;
  /** Bytes a pending pull still has to download (0 when growing for the warning threshold). */
  pendingBytes: number;
  headroomBytes: number;
  /** The claim's current size (status.capacity, else the request). */
  currentBytes: number;
  /** DISK_WARN_PERCENT: the grown volume should not be amber right after the pull. */
  warnPercent: number;
}

/** used + pending + headroom (and below the warning threshold), rounded up to a tidy Gi step, and always larger than now. */
export function growTarget(input: TargetInput): GrowTarget {
  const needed = input.usedBytes + input.pendingBytes;
  const raw = Math.max(needed + input.headroomBytes, needed / (input.warnPercent / 100), input.currentBytes + 1);
  const step = tidyStep(raw);
  const bytes = Math.ceil(raw / step) * step;
  const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
  const parts = [`used ${gib(input.usedBytes)}`, ...(input.pendingBytes > 0 ? [`+ pull ${gib(input.pendingBytes)}`] : []), `+ headroom ${gib(input.headroomBytes)}`];
  return { bytes, quantity: quantityOf(bytes), reason: `${parts.join(" ")}, under the ${input.warnPercent} % warning line, rounded up to ${quantityOf(step)}` };
}

/** A strategic-merge patch file for the claim plus the line that adds it to kustomization.yaml. */
export function kustomizePatch(pvc: { name: string; namespace: string }, quantity: string): { file: string; patch: string; kustomization: string } {
  const file = `${pvc.name}-size.yaml`;
  const patch = patchFile(
    ["Grow the Ollama model cache (issue 15). Kubernetes can only grow a PVC: never lower this number again."],
    { apiVersion: "v1", kind: "PersistentVolumeClaim", name: pvc.name, namespace: pvc.namespace },
    ["spec:", "  resources:", "    requests:", `      storage: ${quantity}`],
  );
  return { file, patch, kustomization: `patches:\n  - path: ${file}\n` };
}

export interface ClaimState {
  name: string;
  phase: string;
  requestBytes: number | undefined;
  capacityBytes: number | undefined;
  storageClass: string | undefined;
  /** A resize already under way (Resizing / FileSystemResizePending). */
  resizing: boolean;
}

/** Why growing the claim to `bytes` is refused, or undefined when it may go ahead. */
export function expansionRefusal(claim: ClaimState, storageClass: { name: string; allowVolumeExpansion: boolean } | undefined, bytes: number): string | undefined {
  const current = Math.max(claim.capacityBytes ?? 0, claim.requestBytes ?? 0);
  if (bytes > MAX_VOLUME_BYTES) return `${quantityOf(bytes)} is over the console's limit of ${quantityOf(MAX_VOLUME_BYTES)}: check the number.`;
  if (bytes <= current) {
    return `${quantityOf(bytes)} is not larger than the volume's current ${quantityOf(current)}: Kubernetes cannot shrink a volume (the API server refuses a request below status.capacity). Pick a larger size.`;
  }
  if (claim.phase !== "Bound") return `PVC ${claim.name} is ${claim.phase}: only a Bound claim can be expanded.`;
  if (!claim.storageClass) return `PVC ${claim.name} has no StorageClass: only dynamically provisioned volumes can be expanded.`;
  if (!storageClass) return `StorageClass "${claim.storageClass}" could not be read, so the console cannot tell whether it allows expansion.`;
  if (!storageClass.allowVolumeExpansion) {
    return `StorageClass "${storageClass.name}" does not allow volume expansion (allowVolumeExpansion is not true): the API server would refuse. Move the models to a new PVC of an expandable class instead (snapshot, then restore into a larger one).`;
  }
  if (claim.resizing) return `PVC ${claim.name} is already being resized: wait for it to finish.`;
  return undefined;
}
