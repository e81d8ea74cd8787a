"use client";
// Claims restored from snapshots, followed until Bound; then the Kustomize patch that puts them to use.
import { useState } from "react";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState } from "@/components/ui/states";
import type { Settled } from "@/lib/shared/contracts/error";
import { formatAge } from "@/lib/shared/format";
import type { CacheVolume, RestoreSummary } from "@/lib/shared/contracts/snapshots";
import { PatchView } from "./patch-view";
import { smallButton } from "@/components/ui/styles";

function Phase({ r }: { r: RestoreSummary }) {
  const tone = r.phase === "Bound" ? "bg-ok/15 text-ok" : r.phase === "Lost" || r.warning ? "bg-bad/15 text-bad" : "bg-info/15 text-info";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tone}`}>{r.phase}</span>;
}

function Restore({ r, cache, now, expanded, onToggle }: { r: RestoreSummary; cache: Settled<CacheVolume>; now: number; expanded: boolean; onToggle: () => void }) {
  const usable = r.phase === "Bound" || r.waitingForConsumer;
  return (
    <li className="border-t border-border py-3 first:border-t-0 first:pt-0" aria-label={`Restored claim ${r.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="font-mono text-xs">{r.name}</p>
          <p className="text-2xs text-muted">
            from {r.snapshot ?? "?"} · {r.capacity ?? r.request ?? "?"} · {r.storageClassName ?? "default class"} · {formatAge(r.createdAt, now)}
            {r.createdBy ? ` · by ${r.createdBy}` : ""}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Phase r={r} />
          {usable ? (
            <button type="button" className={smallButton} aria-expanded={expanded} onClick={onToggle}>
              {expanded ? "Hide patch" : "Show patch"}
            </button>
          ) : null}
        </div>
      </div>
      {r.phase !== "Bound" ? (
        <p className={`mt-1 text-xs ${r.warning ? "text-bad" : "text-muted"}`}>
          {r.waitingForConsumer
            ? "The storage class binds on first use: the claim becomes Bound when the Deployment mounts it, so apply the patch now."
            : (r.message ?? "Waiting for the provisioner to create the volume from the snapshot…")}
        </p>
      ) : null}
      {usable && expanded ? (
        <div className="mt-3">{cache.ok ? <PatchView cache={cache.data} claim={r.name} snapshot={r.snapshot} /> : <ErrorState title="Cache PVC unknown" reason={cache.error.message} />}</div>
      ) : null}
    </li>
  );
}

export function RestoresPanel({ restores, cache, now, focus }: { restores: Settled<RestoreSummary[]>; cache: Settled<CacheVolume>; now: number; focus: string | undefined }) {
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  return (
    <Panel title="Restored claims">
      {!restores.ok ? (
        <ErrorState title="Restored claims unavailable" reason={restores.error.message} />
      ) : restores.data.length === 0 ? (
        <Empty>No claim has been restored from a snapshot yet. Restore one from the list above.</Empty>
      ) : (
        <ul>
          {restores.data.map((r) => (
            <Restore
              key={r.name}
              r={r}
              cache={cache}
              now={now}
              // The claim just restored opens its patch by itself once usable; any other opens on request.
              expanded={toggled[r.name] ?? r.name === focus}
              onToggle={() => setToggled((t) => ({ ...t, [r.name]: !(t[r.name] ?? r.name === focus) }))}
            />
          ))}
        </ul>
      )}
    </Panel>
  );
}
