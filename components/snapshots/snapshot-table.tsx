"use client";
// The snapshots of the cache PVC, newest first: state, size, class, deletion policy, who made it and what it holds.
import { CardTable } from "@/components/ui/card-table";
import { formatAge, formatBytes } from "@/lib/format";
import { snapshotState } from "@/lib/snapshots/state";
import type { SnapshotAccess, SnapshotSummary } from "@/lib/snapshots/types";
import { StateBadge } from "./state-badge";
import { smallButton } from "@/components/ui/styles";

function Models({ s }: { s: SnapshotSummary }) {
  if (!s.models) return s.modelsNote ? <p className="text-2xs text-muted">{s.modelsNote}</p> : null;
  return (
    <details className="mt-0.5 text-2xs text-muted">
      <summary className="cursor-pointer select-none">
        {s.models.length} {s.models.length === 1 ? "model" : "models"} recorded
      </summary>
      <ul className="mt-1 space-y-0.5 font-mono">
        {s.models.map((m) => (
          <li key={m.name}>
            {m.name} <span className="opacity-70">{m.digest.slice(0, 12)}</span>
          </li>
        ))}
      </ul>
      {s.modelsNote ? <p className="mt-1">{s.modelsNote}</p> : null}
    </details>
  );
}

function Row({ s, now, access, onDelete, onRestore }: { s: SnapshotSummary; now: number; access: SnapshotAccess; onDelete: () => void; onRestore: () => void }) {
  const state = snapshotState(s, now);
  const restoreBlocked = !access.restore.allowed ? access.restore.reason : !s.ready ? "only a ready snapshot can be restored" : s.deleting ? "being deleted" : undefined;
  const deleteBlocked = !access.delete.allowed ? access.delete.reason : s.deleting ? "already being deleted" : undefined;
  return (
    <tr className="border-t border-border align-top">
      <th scope="row" className="py-2 pr-3 text-left font-normal">
        <span className="font-mono text-xs">{s.name}</span>
        {s.createdBy ? <p className="text-2xs text-muted">by {s.createdBy}</p> : null}
        <Models s={s} />
      </th>
      <td data-label="Created" className="py-2 pr-3 text-xs text-muted tabular" title={s.createdAt}>
        {formatAge(s.createdAt, now)}
      </td>
      <td data-label="State" className="py-2 pr-3">
        <StateBadge state={state} />
        {state.detail && state.kind !== "ready" ? <p className={`mt-0.5 max-w-xs text-2xs ${state.kind === "error" || state.kind === "stalled" ? "text-fg" : "text-muted"}`}>{state.detail}</p> : null}
      </td>
      <td data-label="Restore size" className="py-2 pr-3 text-xs tabular" title={s.restoreSize}>
        {s.restoreSizeBytes !== undefined ? formatBytes(s.restoreSizeBytes) : "—"}
      </td>
      <td data-label="Class" className="py-2 pr-3 text-xs">{s.className ?? "—"}</td>
      <td data-label="Deletion policy" className="py-2 pr-3 text-xs" title={s.deletionPolicyFrom ? `from the ${s.deletionPolicyFrom === "content" ? "bound VolumeSnapshotContent" : "VolumeSnapshotClass"}` : undefined}>
        {s.deletionPolicy ?? "—"}
      </td>
      <td className="py-2 text-right">
        <div className="flex justify-end gap-1.5">
          <button type="button" className={smallButton} onClick={onRestore} disabled={restoreBlocked !== undefined} title={restoreBlocked} aria-label={`Restore ${s.name}`}>
            Restore
          </button>
          <button type="button" className={`${smallButton} text-bad`} onClick={onDelete} disabled={deleteBlocked !== undefined} title={deleteBlocked} aria-label={`Delete ${s.name}`}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}

export function SnapshotTable({
  items,
  now,
  access,
  onDelete,
  onRestore,
}: {
  items: SnapshotSummary[];
  now: number;
  access: SnapshotAccess;
  onDelete: (s: SnapshotSummary) => void;
  onRestore: (s: SnapshotSummary) => void;
}) {
  return (
    <CardTable caption="Snapshots of the model cache, newest first">
        <thead>
          <tr className="text-left text-2xs uppercase tracking-wide text-muted">
            <th scope="col" className="pb-1.5 pr-3 font-medium">Name</th>
            <th scope="col" className="pb-1.5 pr-3 font-medium">Created</th>
            <th scope="col" className="pb-1.5 pr-3 font-medium">State</th>
            <th scope="col" className="pb-1.5 pr-3 font-medium">Restore size</th>
            <th scope="col" className="pb-1.5 pr-3 font-medium">Class</th>
            <th scope="col" className="pb-1.5 pr-3 font-medium">Deletion policy</th>
            <th scope="col" className="pb-1.5 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <Row key={s.name} s={s} now={now} access={access} onDelete={() => onDelete(s)} onRestore={() => onRestore(s)} />
          ))}
        </tbody>
    </CardTable>
  );
}
