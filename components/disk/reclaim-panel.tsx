"use client";
// Reclaim: what Ollama leaves behind (unreferenced blobs, stale partial downloads) and the restart that frees it.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/ui/states";
import { button } from "@/components/ui/styles";
import { Facts } from "@/components/ui/facts";
import { Panel } from "@/components/ui/panel";
import { Loading } from "@/components/ui/states";
import type { ReclaimPlan, ReclaimRun } from "@/lib/shared/contracts/disk";
import { formatBytes } from "@/lib/shared/format";
import { reclaimQuery } from "./queries";
import { RestartDialog } from "./restart-dialog";

const PHASE: Record<ReclaimRun["phase"], string> = { restarting: "Restarting", reloading: "Reloading pinned models", measuring: "Measuring", done: "Done", failed: "Failed" };

function RunStatus({ run }: { run: ReclaimRun }) {
  const tone = run.phase === "failed" ? "text-bad" : run.phase === "done" ? "text-ok" : "text-warn";
  return (
    <p role="status" aria-label="Restart progress" className="rounded-md border border-border bg-raised px-3 py-2 text-sm">
      <span className={`font-medium ${tone}`}>{PHASE[run.phase]}:</span> {run.message}
    </p>
  );
}

function Breakdown({ plan }: { plan: ReclaimPlan }) {
  const r = plan.reclaimable;
  if (!r) return <p className="text-sm text-muted">{plan.reclaimableNote}</p>;
  const rows: [string, string][] = [
    ["Unreferenced blobs", `${formatBytes(r.unreferenced.bytes)} (${r.unreferenced.blobs} blob${r.unreferenced.blobs === 1 ? "" : "s"})`],
    ["Stale partial downloads", `${formatBytes(r.stalePartials.bytes)} (${r.stalePartials.downloads.length}; older than 1 h, no pull owns them)`],
  ];
  return (
    <>
      <Facts rows={rows} dense />
      {r.keptPartials.downloads.length ? (
        <p className="mt-1 text-2xs text-muted">
          Kept: {r.keptPartials.downloads.map((d) => `${formatBytes(d.bytes)} (${d.keptBecause ?? ""})`).join("; ")}.
        </p>
      ) : null}
    </>
  );
}

/** The Overview's reclaim widget; the restart button is for admins (the server checks the role again). */
export function ReclaimPanel({ canAdmin }: { canAdmin: boolean }) {
  const q = useQuery(reclaimQuery());
  const [open, setOpen] = useState(false);
  const plan = q.data;
  const expected = plan && !plan.noPrune ? (plan.reclaimable?.expectedBytes ?? 0) : 0;
  const why = !plan ? "" : !canAdmin ? "Restarting Ollama needs the admin role" : plan.refusal ?? (expected === 0 && !plan.noPrune ? "Nothing to reclaim" : "");
  return (
    <Panel title="Reclaim space">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <QueryError error={q.error} />
      ) : plan ? (
        <div className="space-y-3">
          <p className="text-sm">
            <span className="font-semibold tabular">{formatBytes(plan.reclaimable?.expectedBytes ?? null)}</span> reclaimable: Ollama has no prune command and only frees these when it starts.
          </p>
          <Breakdown plan={plan} />
          {plan.noPrune ? <p className="text-sm text-warn">The Deployment sets OLLAMA_NOPRUNE: a restart frees nothing.</p> : null}
          {plan.run ? <RunStatus run={plan.run} /> : null}
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={button} disabled={!canAdmin || !!plan.refusal || (expected === 0 && !plan.noPrune)} onClick={() => setOpen(true)}>
              Restart Ollama to reclaim {formatBytes(expected)}
            </button>
            {why ? <span className="text-xs text-muted">{why}</span> : null}
          </div>
          <RestartDialog plan={plan} purpose="reclaim" open={open} onOpenChange={setOpen} />
        </div>
      ) : null}
    </Panel>
  );
}
