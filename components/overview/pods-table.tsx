"use client";
// Pods: phase, ready n/m, restarts, current reason, last termination (OOMKilled, exit code, when), node, age, image tag; plus the kept restart history.
import { useQuery } from "@tanstack/react-query";
import { CardTable } from "@/components/ui/card-table";
import { Panel } from "@/components/ui/panel";
import { Empty, Loading } from "@/components/ui/states";
import { formatAge } from "@/lib/format";
import type { PodRow, RestartRecord } from "@/lib/overview/types";
import { overviewQueries } from "./queries";
import { Badge, StaleNote, WidgetError } from "./status";
import { useNow } from "@/components/ui/use-now";

function Termination({ t, now }: { t: NonNullable<PodRow["lastTermination"]>; now: number }) {
  return (
    <span>
      <span className={t.reason === "OOMKilled" ? "font-medium text-bad" : ""}>{t.reason}</span>
      <span className="text-muted"> (exit {t.exitCode}) {formatAge(t.finishedAt, now)}</span>
    </span>
  );
}

function Row({ pod, now }: { pod: PodRow; now: number }) {
  return (
    <tr className="border-t border-border align-top">
      <th scope="row" className="py-2 pr-3 text-left font-mono text-xs font-normal">{pod.name}</th>
      <td data-label="Status" className="py-2 pr-3">
        <Badge level={pod.level}>{pod.status}</Badge>
        {pod.message ? <p className="mt-1 max-w-md break-words text-xs text-muted">{pod.message}</p> : null}
      </td>
      <td data-label="Ready" className="py-2 pr-3 tabular">
        {pod.ready}/{pod.containers}
      </td>
      <td data-label="Restarts" className="py-2 pr-3 tabular">{pod.restarts}</td>
      <td data-label="Last termination" className="py-2 pr-3">{pod.lastTermination ? <Termination t={pod.lastTermination} now={now} /> : <span className="text-muted">—</span>}</td>
      <td data-label="Node" className="py-2 pr-3">{pod.node ?? <span className="text-muted">not scheduled</span>}</td>
      <td data-label="Age" className="py-2 pr-3 tabular">{formatAge(pod.createdAt, now).replace(" ago", "")}</td>
      <td data-label="Image" className="py-2 font-mono text-xs" title={pod.image}>
        {pod.imageTag}
      </td>
    </tr>
  );
}

function RestartHistory({ restarts, now }: { restarts: RestartRecord[]; now: number }) {
  if (restarts.length === 0) return null;
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-muted hover:text-fg">Restart history ({restarts.length}, kept by the console)</summary>
      <ul className="mt-2 space-y-1" aria-label="Restart history">
        {restarts.map((r) => (
          <li key={`${r.pod}/${r.container}/${r.finishedAt ?? r.restartCount}`} className="flex flex-wrap gap-x-2">
            <span className="tabular text-muted">{formatAge(r.finishedAt, now)}</span>
            <span className="font-mono text-xs">
              {r.pod}/{r.container}
            </span>
            <span className={r.reason === "OOMKilled" ? "font-medium text-bad" : ""}>{r.reason}</span>
            <span className="text-muted">exit {r.exitCode}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function PodsTable() {
  const q = useQuery(overviewQueries.pods());
  const now = useNow(5_000);
  return (
    <Panel title="Pods">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <WidgetError error={q.error} />
      ) : (
        <>
          <StaleNote freshness={q.data.freshness} />
          {q.data.pods.length === 0 ? (
            <Empty>No Ollama pod exists (the Deployment selects none).</Empty>
          ) : (
            <CardTable caption="Ollama pods">
                <thead className="text-xs text-muted">
                  <tr>
                    {["Pod", "Status", "Ready", "Restarts", "Last termination", "Node", "Age", "Image"].map((h) => (
                      <th key={h} scope="col" className="pb-1.5 pr-3 font-medium">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {q.data.pods.map((p) => (
                    <Row key={p.name} pod={p} now={now} />
                  ))}
                </tbody>
            </CardTable>
          )}
          <RestartHistory restarts={q.data.restarts} now={now} />
        </>
      )}
    </Panel>
  );
}
