// PersistentVolumeClaims: V1PersistentVolumeClaim → PvcSummary (phase, capacity in bytes, class), list and create.
import "server-only";
import type { V1PersistentVolumeClaim } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeCall } from "./errors";
import { SNAPSHOT_GROUP } from "./snapshots";
import { iso, parseQuantity } from "../../shared/kubernetes/wire";

export interface PvcSummary {
  name: string;
  phase: string;
  /** status.capacity.storage in bytes (what was provisioned); undefined until bound. */
  capacityBytes: number | undefined;
  requestBytes: number | undefined;
  storageClass: string | undefined;
  accessModes: string[];
  volumeName: string | undefined;
  /** A volume expansion under way: the Resizing / FileSystemResizePending condition, and the size being grown to. */
  resize: { condition: string; message: string | undefined; targetBytes: number | undefined } | undefined;
}

const RESIZE_CONDITIONS = ["Resizing", "FileSystemResizePending", "ControllerResizeError", "NodeResizeError"];

/** Reshapes a claim; quantities ("100Gi") become bytes. */
export function summarizePvc(pvc: V1PersistentVolumeClaim): PvcSummary {
  return {
    name: pvc.metadata?.name ?? "",
    phase: pvc.status?.phase ?? "Pending",
    capacityBytes: parseQuantity(pvc.status?.capacity?.storage),
    requestBytes: parseQuantity(pvc.spec?.resources?.requests?.storage),
    storageClass: pvc.spec?.storageClassName,
    accessModes: pvc.spec?.accessModes ?? [],
    volumeName: pvc.spec?.volumeName,
    resize: resizeOf(pvc),
  };
}

function resizeOf(pvc: V1PersistentVolumeClaim): PvcSummary["resize"] {
  const c = (pvc.status?.conditions ?? []).find((x) => RESIZE_CONDITIONS.includes(x.type) && x.status === "True");
  if (!c) return undefined;
  return { condition: c.type, message: c.message, targetBytes: parseQuantity(pvc.status?.allocatedResources?.storage ?? pvc.spec?.resources?.requests?.storage) };
}

/** A claim as a restore shows it: the summary plus the raw quantities, annotations and the snapshot it came from. */
export interface ClaimDetails extends PvcSummary {
  namespace: string;
  /** status.capacity.storage as written ("100Gi"). */
  capacity: string | undefined;
  /** spec.resources.requests.storage as written. */
  request: string | undefined;
  createdAt: string | undefined;
  annotations: Record<string, string>;
  /** spec.dataSource.name: the VolumeSnapshot it was restored from. */
  dataSourceName: string | undefined;
}

function claimDetails(pvc: V1PersistentVolumeClaim): ClaimDetails {
  return {
    ...summarizePvc(pvc),
    namespace: pvc.metadata?.namespace ?? "",
    capacity: pvc.status?.capacity?.storage,
    request: pvc.spec?.resources?.requests?.storage,
    createdAt: iso(pvc.metadata?.creationTimestamp),
    annotations: pvc.metadata?.annotations ?? {},
    dataSourceName: pvc.spec?.dataSource?.name,
  };
}

/** The claims in the target's namespace that match `labelSelector`. Throws AppError. */
export async function listClaims(target: Target, labelSelector: string): Promise<ClaimDetails[]> {
  const list = await kubeCall(`listing PVCs in namespace ${target.namespace}`, () =>
    kube(target).core.listNamespacedPersistentVolumeClaim({ namespace: target.namespace, labelSelector }),
  );
  return list.items.map(claimDetails);
}

/** A claim the console creates from a VolumeSnapshot. */
export interface ClaimFromSnapshot {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  accessModes: string[];
  storageClassName: string | undefined;
  /** Requested size, a Kubernetes quantity ("100Gi"). */
  size: string;
  snapshot: string;
}

/** Creates a PVC whose data source is VolumeSnapshot `spec.snapshot`. Throws AppError. */
export async function createClaimFromSnapshot(target: Target, spec: ClaimFromSnapshot): Promise<ClaimDetails> {
  const body: V1PersistentVolumeClaim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: spec.name, namespace: target.namespace, labels: spec.labels, annotations: spec.annotations },
    spec: {
      accessModes: spec.accessModes,
      storageClassName: spec.storageClassName,
      resources: { requests: { storage: spec.size } },
      dataSource: { apiGroup: SNAPSHOT_GROUP, kind: "VolumeSnapshot", name: spec.snapshot },
    },
  };
  const created = await kubeCall(`creating PVC ${target.namespace}/${spec.name}`, () => kube(target).core.createNamespacedPersistentVolumeClaim({ namespace: target.namespace, body }));
  return claimDetails(created);
}
