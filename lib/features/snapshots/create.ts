// Creating a VolumeSnapshot of the cache PVC: class, name, who made it and what models it holds. Audited.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { createVolumeSnapshot } from "../../doors/kubernetes/snapshots";
import type { Target } from "../../doors/runtime/config";
import { cachePvcName } from "./cache-volume";
import { pickClass } from "./classes";
import { activePulls, modelInventory } from "./inventory";
import { ANNOTATION_CREATED_BY, ANNOTATION_MODELS, ANNOTATION_MODELS_NOTE, encodeModels, LABEL_MANAGED_BY, MANAGED_BY } from "./meta";
import { defaultSnapshotName } from "../../shared/snapshots/names";
import { forgetSnapshots, listClasses } from "./read";
import { toSnapshotSummary } from "./summary";
import type { SnapshotSummary } from "../../shared/snapshots/types";

export interface CreateSnapshotOptions {
  /** Object name; default `<pvc>-YYYYMMDD-HHMM` (UTC). Must already be validated (see input.ts). */
  name?: string;
  /** VolumeSnapshotClass; default = the cluster's default class. */
  className?: string;
}

type Actor = Pick<SessionUser, "id" | "name" | "role">;

/** Snapshots the model cache PVC, recording the creator and the model inventory; audits SnapshotCreated. Throws AppError. */
export async function createSnapshot(target: Target, user: Actor, opts: CreateSnapshotOptions = {}): Promise<SnapshotSummary> {
  let name = opts.name ?? "(default name)";
  try {
    const [pvc, classes, inventory] = await Promise.all([cachePvcName(target), listClasses(target), modelInventory(target)]);
    name = opts.name ?? defaultSnapshotName(pvc, new Date());
    const snapshotClass = pickClass(classes, opts.className);
    const encoded = inventory.models ? encodeModels(inventory.models) : undefined;
    const pulling = activePulls(target);
    const note = [
      inventory.problem,
      encoded?.omitted ? `${encoded.omitted} more models not recorded (annotation size limit)` : undefined,
      pulling.length ? `pull in progress while taken (${pulling.join(", ")}): may hold partial downloads` : undefined,
    ]
      .filter(Boolean)
      .join("; ");
    const created = await createVolumeSnapshot(target, {
      name,
      pvc,
      className: snapshotClass.name,
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY },
      annotations: {
        [ANNOTATION_CREATED_BY]: user.name,
        ...(encoded ? { [ANNOTATION_MODELS]: encoded.value } : {}),
        ...(note ? { [ANNOTATION_MODELS_NOTE]: note } : {}),
      },
    });
    forgetSnapshots(target);
    const summary = toSnapshotSummary(created, { classes, contentPolicies: new Map() });
    audit(user, {
      action: "SnapshotCreated",
      subject: name,
      outcome: "success",
      details: { pvc, className: snapshotClass.name, models: inventory.models?.length, ...(note ? { note } : {}), ...(pulling.length ? { pullsInProgress: pulling } : {}) },
    });
    return summary;
  } catch (err) {
    audit(user, { action: "SnapshotCreated", subject: name, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
}
