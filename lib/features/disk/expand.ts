// Grow the volume (issue 15): the plan (target size, StorageClass check, Kustomize patch), "Expand now", and the resize's
// progress through Resizing and FileSystemResizePending to the new status.capacity.
import "server-only";
import { settle } from "../server/settle";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { patchPvcStorage, readPvc, readStorageClass, type PvcDetail, type StorageClassSummary } from "../../doors/kubernetes/storage";
import { registerCache } from "../../doors/runtime/caches";
import { coalescer } from "../../doors/runtime/coalesce";
import { config, type Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { formatBytes } from "../../shared/format";
import { headroomBytes } from "./fit";
import { expansionRefusal, growTarget, kustomizePatch, quantityOf } from "../../shared/disk/grow";
import { cachePvcName, diskUsage } from "./";
import type { ExpansionPlan, ResizeStage } from "../../shared/contracts/disk";
export type { ExpansionPlan, ResizeStage };

type Actor = Pick<SessionUser, "id" | "name" | "role">;

const GITOPS_WARNING =
  "A GitOps tool (Fleet, Flux, Argo CD) that manages this PVC will set the old size back on its next sync — and a later apply of the old size fails as a shrink. Commit the Kustomize patch too.";

function claimState(pvc: PvcDetail) {
  return { name: pvc.name, phase: pvc.phase, requestBytes: pvc.requestBytes, capacityBytes: pvc.capacityBytes, storageClass: pvc.storageClass, resizing: pvc.resize !== undefined && !pvc.resize.condition.endsWith("Error") };
}

/** Where the claim's resize stands, from its conditions (Resizing → FileSystemResizePending → gone with the new capacity). */
export function progressOf(pvc: PvcDetail): ExpansionPlan["progress"] {
  const target = pvc.resize?.targetBytes ?? (pvc.requestBytes !== undefined && pvc.requestBytes > (pvc.capacityBytes ?? 0) ? pvc.requestBytes : undefined);
  const to = target ? ` to ${formatBytes(target)}` : "";
  switch (pvc.resize?.condition) {
    case "Resizing":
      return { stage: "resizing", targetBytes: target ?? null, message: `Growing the volume${to}: the storage driver is resizing it (Resizing)` };
    case "FileSystemResizePending":
      return {
        stage: "filesystem-pending",
        targetBytes: target ?? null,
        message: `The volume is grown${to}; the filesystem grows when the node next mounts it (FileSystemResizePending). Some drivers need the Ollama pod restarted for that.`,
      };
    case "ControllerResizeError":
    case "NodeResizeError":
      return { stage: "failed", targetBytes: target ?? null, message: `The resize failed (${pvc.resize.condition}): ${pvc.resize.message ?? "see the PVC's events"}` };
    default:
      if (target) return { stage: "resizing", targetBytes: target, message: `Requested ${formatBytes(target)}; waiting for the storage driver to start` };
      return { stage: "idle", targetBytes: null, message: `${formatBytes(pvc.capacityBytes)} provisioned` };
  }
}

async function claimAndClass(target: Target): Promise<{ pvc: PvcDetail; sc: StorageClassSummary | undefined; scNote: string | null }> {
  const name = await cachePvcName(target);
  if (!name) throw new AppError("not_found", "The model cache PVC is unknown: set CACHE_PVC or give the Ollama Deployment one PVC-backed volume", "console");
  const pvc = await readPvc(target, name);
  if (!pvc.storageClass) return { pvc, sc: undefined, scNote: "The PVC names no StorageClass" };
  const sc = await settle(readStorageClass(target, pvc.storageClass));
  return { pvc, sc: sc.ok ? sc.data : undefined, scNote: sc.ok ? null : `StorageClass ${pvc.storageClass}: ${sc.error.message}` };
}

/** Viewers polling the plan share its PVC and StorageClass reads for a moment. */
const plans = registerCache("expansion plans", coalescer<ExpansionPlan>(2_000));

/** The plan for growing the volume by `pendingBytes` (a pull that does not fit; 0 = for the warning threshold). */
export function expansionPlan(target: Target, pendingBytes = 0): Promise<ExpansionPlan> {
  return plans.get(`${target.context ?? ""}|${target.namespace}|${target.deployment}|${pendingBytes}`, () => readPlan(target, pendingBytes));
}

async function readPlan(target: Target, pendingBytes: number): Promise<ExpansionPlan> {
  const { pvc, sc, scNote } = await claimAndClass(target);
  const usage = await settle(diskUsage(target));
  const current = pvc.capacityBytes ?? pvc.requestBytes ?? 0;
  const cfg = config();
  const grow = usage.ok
    ? growTarget({ usedBytes: usage.data.usedBytes, pendingBytes, headroomBytes: headroomBytes(current, cfg.pulls.headroom), currentBytes: current, warnPercent: cfg.disk.warnPercent })
    : null;
  return {
    pvc: { name: pvc.name, namespace: target.namespace, phase: pvc.phase, requestBytes: pvc.requestBytes ?? null, capacityBytes: pvc.capacityBytes ?? null, storageClass: pvc.storageClass ?? null },
    storageClass: sc ? { name: sc.name, allowVolumeExpansion: sc.allowVolumeExpansion, provisioner: sc.provisioner } : null,
    storageClassNote: scNote,
    target: grow,
    refusal: grow ? (expansionRefusal(claimState(pvc), sc, grow.bytes) ?? null) : `Usage unknown: ${usage.ok ? "" : usage.error.message}`,
    patch: grow ? kustomizePatch({ name: pvc.name, namespace: target.namespace }, grow.quantity) : null,
    progress: progressOf(pvc),
    gitopsWarning: GITOPS_WARNING,
  };
}

/** "Expand now" (admin): patches spec.resources.requests.storage after the same checks kube-apiserver makes. Throws AppError "invalid" with the reason. */
export async function expandNow(target: Target, user: Actor, bytes: number): Promise<ExpansionPlan["progress"]> {
  const { pvc, sc } = await claimAndClass(target);
  const quantity = quantityOf(bytes);
  const refusal = expansionRefusal(claimState(pvc), sc, bytes);
  if (refusal) {
    audit(user, { action: "VolumeExpanded", subject: pvc.name, outcome: "failure", message: refusal });
    throw new AppError("invalid", refusal, "console");
  }
  try {
    const patched = await patchPvcStorage(target, pvc.name, quantity, pvc.resourceVersion);
    plans.invalidate();
    audit(user, { action: "VolumeExpanded", subject: pvc.name, outcome: "success", message: `requested ${quantity} (was ${quantityOf(pvc.requestBytes ?? 0)}); a GitOps tool reverts this unless git changes too` });
    return progressOf(patched);
  } catch (err) {
    audit(user, { action: "VolumeExpanded", subject: pvc.name, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
}
