"use client";
// The snapshots of the cache PVC, newest first: state, size, class, deletion policy, who made it and what it holds.
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatAge, formatBytes } from "@/lib/shared/format";
import { snapshotState } from "@/lib/shared/snapshots/state";
import type { SnapshotAccess, SnapshotSummary } from "@/lib/shared/contracts/snapshots";
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

function Actions({ s, access, onDelete, onRestore }: { s: SnapshotSummary; access: SnapshotAccess; onDelete: () => void; onRestore: () => void }) {
  const restoreBlocked = !access.restore.allowed ? access.restore.reason : !s.ready ? "only a ready snapshot can be restored" : s.deleting ? "being deleted" : undefined;
  const deleteBlocked = !access.delete.allowed ? access.delete.reason : s.deleting ? "already being deleted" : undefined;
  return (
    <div className="flex justify-end gap-1.5">
      <button type="button" className={smallButton} onClick={onRestore} disabled={restoreBlocked !== undefined} title={restoreBlocked} aria-label={`Restore ${s.name}`}>
        Restore
      </button>
      <button type="button" className={`${smallButton} text-bad`} onClick={onDelete} disabled={deleteBlocked !== undefined} title={deleteBlocked} aria-label={`Delete ${s.name}`}>
        Delete
      </button>
    </div>
  );
}

function State({ s, now }: { s: SnapshotSummary; now: number }) {
  const state = snapshotState(s, now);
  return (
    <>
      <StateBadge state={state} />
      {state.detail && state.kind !== "ready" ? <p className={`mt-0.5 max-w-xs text-2xs ${state.kind === "error" || state.kind === "stalled" ? "text-fg" : "text-muted"}`}>{state.detail}</p> : null}
    </>
  );
}

interface Props {
  items: SnapshotSummary[];
  now: number;
  access: SnapshotAccess;
  onDelete: (s: SnapshotSummary) => void;
  onRestore: (s: SnapshotSummary) => void;
}

function columns({ now, access, onDelete, onRestore }: Omit<Props, "items">): Column<SnapshotSummary>[] {
  return [
    {
      id: "name",
      header: "Name",
      cell: (s) => (
        <>
          <span className="font-mono text-xs">{s.name}</span>
          {s.createdBy ? <p className="text-2xs text-muted">by {s.createdBy}</p> : null}
          <Models s={s} />
        </>
      ),
    },
    { id: "created", header: "Created", className: "text-xs text-muted tabular", title: (s) => s.createdAt, cell: (s) => formatAge(s.createdAt, now) },
    { id: "state", header: "State", cell: (s) => <State s={s} now={now} /> },
    { id: "size", header: "Restore size", className: "text-xs tabular", title: (s) => s.restoreSize, cell: (s) => (s.restoreSizeBytes !== undefined ? formatBytes(s.restoreSizeBytes) : "—") },
    { id: "class", header: "Class", className: "text-xs", cell: (s) => s.className ?? "—" },
    {
      id: "policy",
      header: "Deletion policy",
      className: "text-xs",
      title: (s) => (s.deletionPolicyFrom ? `from the ${s.deletionPolicyFrom === "content" ? "bound VolumeSnapshotContent" : "VolumeSnapshotClass"}` : undefined),
      cell: (s) => s.deletionPolicy ?? "—",
    },
    {
      id: "actions",
      header: "Actions",
      hiddenHeader: true,
      cardLabel: false,
      align: "right",
      cell: (s) => <Actions s={s} access={access} onDelete={() => onDelete(s)} onRestore={() => onRestore(s)} />,
    },
  ];
}

/** Newest first, as the server sends them. */
export function SnapshotTable({ items, ...props }: Props) {
  return <DataTable caption="Snapshots of the model cache, newest first" rows={items} rowKey={(s) => s.name} columns={columns(props)} />;
}
