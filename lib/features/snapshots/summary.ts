// Raw snapshot.storage.k8s.io/v1 JSON (CustomObjectsApi answers `any`) → small summaries, at the edge.
import "server-only";
import { DEFAULT_CLASS_ANNOTATION } from "./classes";
import { ANNOTATION_CREATED_BY, ANNOTATION_MODELS, ANNOTATION_MODELS_NOTE, decodeModels } from "./meta";
import { parseQuantity } from "../../shared/kubernetes/wire";
import type { DeletionPolicy, SnapshotClassSummary, SnapshotSummary } from "../../shared/snapshots/types";

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const policy = (v: unknown): DeletionPolicy | undefined => (v === "Delete" || v === "Retain" ? v : undefined);
const strings = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === "string"));

/** What summarising a snapshot may consult besides the snapshot itself. */
export interface SummaryContext {
  classes: readonly SnapshotClassSummary[];
  /** VolumeSnapshotContent deletion policies by content name (empty when contents cannot be read). */
  contentPolicies: ReadonlyMap<string, DeletionPolicy>;
}

/** The items of a raw list response. */
export function listItems(list: unknown): Json[] {
  const items = obj(list).items;
  return Array.isArray(items) ? items.map(obj) : [];
}

/** Raw VolumeSnapshotClass → SnapshotClassSummary (the class has no spec: driver and deletionPolicy are top level). */
export function toClassSummary(raw: unknown): SnapshotClassSummary {
  const c = obj(raw);
  const meta = obj(c.metadata);
  return {
    name: str(meta.name) ?? "",
    driver: str(c.driver) ?? "",
    deletionPolicy: policy(c.deletionPolicy),
    isDefault: strings(meta.annotations)[DEFAULT_CLASS_ANNOTATION] === "true",
  };
}

/** Raw VolumeSnapshotContent list → deletion policy per content name. */
export function contentPolicies(list: unknown): Map<string, DeletionPolicy> {
  const out = new Map<string, DeletionPolicy>();
  for (const c of listItems(list)) {
    const name = str(obj(c.metadata).name);
    const p = policy(obj(c.spec).deletionPolicy);
    if (name && p) out.set(name, p);
  }
  return out;
}

/** Raw VolumeSnapshot → SnapshotSummary; the deletion policy comes from the bound content, else the class. */
export function toSnapshotSummary(raw: unknown, ctx: SummaryContext): SnapshotSummary {
  const s = obj(raw);
  const meta = obj(s.metadata);
  const spec = obj(s.spec);
  const status = s.status === undefined || s.status === null ? undefined : obj(s.status);
  const annotations = strings(meta.annotations);
  const contentName = str(status?.boundVolumeSnapshotContentName);
  // Without a class name the controller used the default class for the PVC's driver.
  const className = str(spec.volumeSnapshotClassName) ?? ctx.classes.find((c) => c.isDefault)?.name;
  const fromContent = contentName ? ctx.contentPolicies.get(contentName) : undefined;
  const fromClass = ctx.classes.find((c) => c.name === className)?.deletionPolicy;
  const restoreSize = str(status?.restoreSize);
  const error = status ? obj(status.error) : {};
  const errorMessage = str(error.message);
  return {
    name: str(meta.name) ?? "",
    namespace: str(meta.namespace) ?? "",
    createdAt: str(meta.creationTimestamp),
    takenAt: str(status?.creationTime),
    sourcePvc: str(obj(spec.source).persistentVolumeClaimName),
    className,
    deletionPolicy: fromContent ?? fromClass,
    deletionPolicyFrom: fromContent ? "content" : fromClass ? "class" : undefined,
    contentName,
    controllerActed: status !== undefined && Object.keys(status).length > 0,
    ready: typeof status?.readyToUse === "boolean" ? status.readyToUse : undefined,
    restoreSize,
    restoreSizeBytes: restoreSize ? parseQuantity(restoreSize) : undefined,
    error: errorMessage ? { message: errorMessage, time: str(error.time) } : undefined,
    deleting: str(meta.deletionTimestamp) !== undefined,
    createdBy: annotations[ANNOTATION_CREATED_BY],
    models: decodeModels(annotations[ANNOTATION_MODELS]),
    modelsNote: annotations[ANNOTATION_MODELS_NOTE],
  };
}

/** Newest first by creation time, then by name so equal times keep a stable order. */
export function newestFirst(a: SnapshotSummary, b: SnapshotSummary): number {
  return (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || a.name.localeCompare(b.name);
}
