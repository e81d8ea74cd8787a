// V1PersistentVolumeClaim → PvcSummary: phase, capacity in bytes, class.
import type { V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { parseQuantity } from "./wire";

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
