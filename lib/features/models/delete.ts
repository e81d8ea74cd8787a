// Deleting an installed model: what it frees (layers no other model uses), whether it is loaded, optional snapshot first. Audited.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { settle } from "../server/settle";
import { config, type Target } from "../../doors/runtime/config";
import { diskUsage } from "../disk";
import { AppError } from "../../doors/runtime/errors";
import { invalidateOllama, listLoaded, listModels } from "../../doors/ollama/cache";
import { deleteModel } from "../../doors/ollama/manage";
import { allowedModelName } from "./names";
import { installedFootprints } from "./footprint";
import { createSnapshot } from "../snapshots/create";
import { getSnapshot, listClasses } from "../snapshots/read";

type Actor = Pick<SessionUser, "id" | "name" | "role">;

export interface DeleteImpact {
  model: string;
  loaded: boolean;
  /** Bytes deleting frees: blobs no other installed model references. */
  freesBytes: number;
  /** agent = exact; registry / sizes = estimates (labelled in the dialog). */
  source: "agent" | "registry" | "sizes";
  note: string;
  /** Whether "snapshot the cache first" can be offered, and why not. */
  snapshot: { available: boolean; reason: string | null };
}

const SNAPSHOT_WAIT_MS = 90_000;

/** The installed model named `raw` (case-insensitive, tag defaulted), or not_found. */
async function installed(target: Target, raw: string) {
  const check = allowedModelName(raw);
  const models = await listModels(target);
  const model = models.find((m) => m.name.toLowerCase() === check.display.toLowerCase());
  if (!model) throw new AppError("not_found", `${check.display} is not installed`, "ollama");
  return { model, models };
}

/** What deleting `raw` would do. Throws AppError. */
export async function deleteImpact(target: Target, raw: string): Promise<DeleteImpact> {
  const { model, models } = await installed(target, raw);
  const [disk, loaded, classes] = await Promise.all([settle(diskUsage(target)), settle(listLoaded(target)), settle(listClasses(target))]);
  const cfg = config();
  const owned = await installedFootprints(models, disk.ok ? disk.data.inventory : undefined, { mirrors: cfg.registryMirrors, allowed: cfg.pulls.registries });
  const mine = owned.footprints.find((f) => f.name === model.name);
  const snapshotReason = !classes.ok ? classes.error.message : classes.data.length === 0 ? "no VolumeSnapshotClass in the cluster" : null;
  return {
    model: model.name,
    loaded: loaded.ok && loaded.data.some((m) => m.name === model.name),
    freesBytes: mine?.uniqueBytes ?? model.size,
    source: mine ? owned.source : "sizes",
    // The note must match the source: without this model's footprint the figure is its whole size, never "exact".
    note: mine ? owned.note : `estimate: the model's whole size (${owned.source === "agent" ? "the cache agent does not list it" : "no layer list for it"}); shared layers may free less`,
    snapshot: { available: snapshotReason === null, reason: snapshotReason },
  };
}

/** Waits until the storage system has cut the snapshot (status.creationTime), so deleting afterwards is safe. */
export async function waitTaken(target: Target, name: string): Promise<void> {
  const deadline = Date.now() + SNAPSHOT_WAIT_MS;
  for (;;) {
    const s = await getSnapshot(target, name);
    if (s.takenAt || s.ready) return;
    if (s.error) throw new AppError("upstream", `Snapshot ${name} failed: ${s.error.message}; the model was not deleted`, "kubernetes");
    if (Date.now() > deadline) throw new AppError("unavailable", `Snapshot ${name} was not taken within 90 s; the model was not deleted`, "kubernetes");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Deletes an installed model, optionally after a snapshot of the cache; audits ModelDeleted. Throws AppError. */
export async function deleteInstalledModel(
  target: Target,
  user: Actor,
  input: { model: string; snapshotFirst: boolean },
): Promise<{ model: string; freedBytes: number; snapshot: string | null }> {
  let subject = input.model;
  try {
    const impact = await deleteImpact(target, input.model);
    subject = impact.model;
    let snapshot: string | null = null;
    if (input.snapshotFirst) {
      snapshot = (await createSnapshot(target, user)).name;
      await waitTaken(target, snapshot);
    }
    await deleteModel(target, impact.model);
    invalidateOllama(target);
    audit(user, {
      action: "ModelDeleted",
      subject,
      outcome: "success",
      details: { freedBytes: impact.freesBytes, freedSource: impact.source, loaded: impact.loaded, ...(snapshot ? { snapshot } : {}) },
    });
    return { model: impact.model, freedBytes: impact.freesBytes, snapshot };
  } catch (err) {
    audit(user, { action: "ModelDeleted", subject, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
}
