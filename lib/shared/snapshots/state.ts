// What a snapshot's status means to an operator, as one state and a sentence (browser-safe; `now` is the caller's clock).
import { formatDuration } from "../format";
import type { SnapshotSummary } from "./types";

/** How long a snapshot may go without any status before the console suspects the snapshot controller. */
export const STALL_AFTER_MS = 60_000;

export type SnapshotStateKind = "ready" | "pending" | "error" | "stalled" | "deleting";

export interface SnapshotState {
  kind: SnapshotStateKind;
  label: string;
  /** The sentence explaining the state, when there is more to say than the label. */
  detail: string | undefined;
}

/** Reads a snapshot's state; a snapshot with no status after STALL_AFTER_MS is "stalled". */
export function snapshotState(s: Pick<SnapshotSummary, "ready" | "error" | "deleting" | "controllerActed" | "createdAt">, now: number): SnapshotState {
  if (s.deleting) return { kind: "deleting", label: "Deleting", detail: "waiting for the snapshot controller to release it" };
  if (s.error) return { kind: "error", label: "Error", detail: s.error.message };
  if (s.ready) return { kind: "ready", label: "Ready", detail: undefined };
  const created = s.createdAt ? Date.parse(s.createdAt) : NaN;
  const waited = now - created;
  if (!s.controllerActed && waited >= STALL_AFTER_MS) {
    return {
      kind: "stalled",
      label: "No controller",
      detail: `the snapshot controller has not acted on this snapshot after ${formatDuration(waited / 1000)}; is it running?`,
    };
  }
  return { kind: "pending", label: "Pending", detail: s.controllerActed ? "the storage system is cutting the snapshot" : "waiting for the snapshot controller" };
}

/** True while the controller may still change the snapshot (errors and stalls included: it keeps retrying). */
export function isSettling(s: Pick<SnapshotSummary, "ready" | "deleting">): boolean {
  return s.deleting || !s.ready;
}
