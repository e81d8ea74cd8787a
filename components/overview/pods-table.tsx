"use client";
// Pods: phase, ready n/m, restarts, current reason, last termination (OOMKilled, exit code, when), node, age, image tag; plus the kept restart history.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable, type Column } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { Empty } from "@/components/ui/states";
import { formatAge } from "@/lib/shared/format";
import type { PodRow } from "@/lib/shared/contracts/overview";
import type { RestartRecord } from "@/lib/shared/contracts/shared";
import { overviewQueries } from "./queries";
import { Badge, freshnessStale } from "./status";
import { useNow } from "@/components/ui/use-now";

function Termination({ t, now }: { t: NonNullable<PodRow["lastTermination"]>; now: number }) {
  return (
    <span>
      <span className={t.reason === "OOMKilled" ? "font-medium text-bad" : ""}>{t.reason}</span>
      <span className="text-muted"> (exit {t.exitCode}) {formatAge(t.finishedAt, now)}</span>
    </span>
  );
}

function columns(now: number): Column<PodRow>[] {
  return [
    { id: "pod", header: "Pod", className: "font-mono text-xs", cell: (p) => p.name },
    {
      id: "status",
      header: "Status",
      cell: (p) => (
        <>
          <Badge level={p.level}>{p.status}</Badge>
          {p.message ? <p className="mt-1 max-w-md break-words text-xs text-muted">{p.message}</p> : null}
        </>
      ),
    },
    { id: "ready", header: "Ready", className: "tabular", cell: (p) => `${p.ready}/${p.containers}` },
    { id: "restarts", header: "Restarts", className: "tabular", cell: (p) => p.restarts },
    { id: "termination", header: "Last termination", cell: (p) => (p.lastTermination ? <Termination t={p.lastTermination} now={now} /> : <span className="text-muted">—</span>) },
    { id: "node", header: "Node", cell: (p) => p.node ?? <span className="text-muted">not scheduled</span> },
    { id: "age", header: "Age", className: "tabular", cell: (p) => formatAge(p.createdAt, now).replace(" ago", "") },
    { id: "image", header: "Image", className: "font-mono text-xs", title: (p) => p.image, cell: (p) => p.imageTag },
  ];
}

/** The log view's address for the last lines of the container instance that died in restart `r`. */
function restartLogHref(r: RestartRecord): string {
  return `/logs?${new URLSearchParams({ restart: `${r.pod}/${r.container}/${r.restartCount}` }).toString()}`;
}

function RestartHistory({ restarts, now, canReadLogs }: { restarts: RestartRecord[]; now: number; canReadLogs: boolean }) {
  if (restarts.length === 0) return null;
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-muted hover:text-fg">Restart history ({restarts.length}, kept by the console)</summary>
      <p className="mt-1 text-xs text-muted">
        Terminations of pods that were since replaced are recorded as Events on the Deployment, kept for the cluster&apos;s event TTL (kube-apiserver --event-ttl, 1 h by default).
      </p>
      <ul className="mt-2 space-y-1" aria-label="Restart history">
        {restarts.map((r) => (
          <li key={`${r.pod}/${r.container}/${r.finishedAt ?? r.restartCount}`} className="flex flex-wrap gap-x-2">
            <span className="tabular text-muted">{formatAge(r.finishedAt, now)}</span>
            <span className="font-mono text-xs">
              {r.pod}/{r.container}
            </span>
            <span className={r.reason === "OOMKilled" ? "font-medium text-bad" : ""}>{r.reason}</span>
            <span className="text-muted">exit {r.exitCode}</span>
            {canReadLogs ? (
              <Link href={restartLogHref(r)} className="text-accent underline" aria-label={`Last log lines of ${r.pod}/${r.container} before restart ${r.restartCount}`}>
                Last lines
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** `canReadLogs`: admins get a link from each restart to the dead container's last lines (only admins may read logs). */
export function PodsTable({ canReadLogs = false }: { canReadLogs?: boolean }) {
  const q = useQuery(overviewQueries.pods());
  const now = useNow(5_000);
  return (
    <QueryPanel title="Pods" query={q} stale={(d) => freshnessStale(d.freshness)}>
      {(d) => (
        <>
          {d.pods.length === 0 ? (
            <Empty>No Ollama pod exists (the Deployment selects none).</Empty>
          ) : (
            <DataTable caption="Ollama pods" rows={d.pods} rowKey={(p) => p.name} columns={columns(now)} />
          )}
          <RestartHistory restarts={d.restarts} now={now} canReadLogs={canReadLogs} />
        </>
      )}
    </QueryPanel>
  );
}
