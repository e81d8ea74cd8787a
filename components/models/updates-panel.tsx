"use client";
// Model updates (issue 14): per model up to date / update available (+N new, M shared, fit) / tag gone / check failed,
// "Check now", "Update" per model and "Update all" with its fit summary, optionally after a snapshot.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNow } from "@/components/ui/use-now";
import { button, primaryButton, smallButton } from "@/components/ui/styles";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { formatAge, formatBytes, formatDuration } from "@/lib/shared/format";
import type { ApplyResult, ModelUpdate, UpdatePlan } from "@/lib/shared/contracts/models-desired";
import { desiredQueries, useApplyUpdates, useCheckUpdates } from "./desired-queries";

const FIT: Record<string, string> = { fits: "fits", tight: "tight", does_not_fit: "does not fit" };

function stateText(u: ModelUpdate): { text: string; tone: string } {
  switch (u.state) {
    case "up_to_date":
      return { text: "up to date", tone: "text-ok" };
    case "update_available":
      return {
        text: `update available, +${formatBytes(u.newBytes)} of new layers (${formatBytes(u.sharedBytes)} shared)${u.fit ? `, ${FIT[u.fit]}` : ""}`,
        tone: u.fit === "does_not_fit" ? "text-bad" : u.fit === "tight" ? "text-warn" : "text-accent",
      };
    case "tag_missing":
      return { text: "tag no longer in the registry", tone: "text-warn" };
    case "check_failed":
      return { text: `check failed: ${u.reason ?? "unknown reason"}`, tone: "text-bad" };
    default:
      return { text: `not checked: ${u.reason ?? ""}`, tone: "text-muted" };
  }
}

/** "Update all: 2 updates, 3.1 GiB, smallest first — stops before X: reason." */
export function planSummary(plan: UpdatePlan): string {
  const total = plan.updates.reduce((n, u) => n + u.newBytes, 0);
  const head = plan.updates.length
    ? `${plan.updates.length} update${plan.updates.length === 1 ? "" : "s"}, ${formatBytes(total)} to download, smallest first${plan.updates.some((u) => u.verdict === "tight") ? " (tight: eats into the headroom)" : ", all fit"}`
    : "no update fits";
  return plan.stoppedAt ? `${head}; stops before ${plan.stoppedAt.model}: ${plan.stoppedAt.reason}` : head;
}

function Outcome({ result }: { result: ApplyResult }) {
  return (
    <div role="status" className="mt-3 rounded border border-border bg-raised/40 px-3 py-2 text-sm">
      {result.snapshot ? <p>Snapshot {result.snapshot} taken first.</p> : null}
      <p>{result.started.length ? `Queued: ${result.started.map((s) => s.model).join(", ")} (see Pulls).` : "Nothing queued."}</p>
      {result.refused.map((r) => (
        <p key={r.model} className="text-bad">
          Not updated: {r.model} — {r.reason}
        </p>
      ))}
      {result.plan?.stoppedAt ? <p className="text-warn">Stopped before {result.plan.stoppedAt.model}: {result.plan.stoppedAt.reason}</p> : null}
    </div>
  );
}

export function UpdatesPanel({ canOperate }: { canOperate: boolean }) {
  const q = useQuery(desiredQueries.updates());
  const check = useCheckUpdates();
  const apply = useApplyUpdates();
  const [snapshotFirst, setSnapshotFirst] = useState(false);
  const [result, setResult] = useState<ApplyResult | undefined>(undefined);
  const now = useNow(30_000);
  const report = q.data?.report;
  const plan = q.data?.plan ?? null;
  const forbidden = canOperate ? undefined : "Needs the operator role";
  const available = report?.models.filter((m) => m.state === "update_available") ?? [];
  return (
    <Panel
      title="Model updates"
      actions={
        <button type="button" className={button} disabled={!canOperate || check.isPending || report?.checking} title={forbidden} onClick={() => check.mutate()}>
          {check.isPending || report?.checking ? "Checking…" : "Check now"}
        </button>
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState title="Console unreachable" reason={q.error.message} />
      ) : (
        <>
          <p className="mb-2 text-xs text-muted">
            Last check: {report?.checkedAt ? `${formatAge(report.checkedAt, now)} (${new Date(report.checkedAt).toLocaleString()})` : "never since the console started"} ·{" "}
            {report?.intervalSeconds ? `checked every ${formatDuration(report.intervalSeconds)}` : "scheduled check off"}
          </p>
          {check.error ? <p role="alert" className="mb-2 text-sm text-bad">{check.error.message}</p> : null}
          {!report?.checkedAt ? (
            <Empty>No check yet. Press Check now to compare every installed model with its registry.</Empty>
          ) : (
            <>
              <ul aria-label="Update status" className="divide-y divide-border">
                {report.models.map((u) => {
                  const s = stateText(u);
                  return (
                    <li key={u.model} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                      <span className="font-mono text-xs">{u.model}</span>
                      <span className="flex items-center gap-2">
                        <span className={`text-xs ${s.tone}`}>{s.text}</span>
                        {u.state === "update_available" ? (
                          <button
                            type="button"
                            className={smallButton}
                            aria-label={`Update ${u.model}`}
                            disabled={!canOperate || apply.isPending}
                            title={forbidden}
                            onClick={() => apply.mutate({ models: [u.model], snapshotFirst }, { onSuccess: setResult })}
                          >
                            Update
                          </button>
                        ) : null}
                      </span>
                    </li>
                  );
                })}
              </ul>
              {available.length > 0 ? (
                <div className="mt-3 rounded border border-border p-3">
                  <p className="text-sm" aria-label="Update all summary">
                    Update all: {plan ? planSummary(plan) : (q.data?.planProblem ?? "free space unknown")}
                  </p>
                  <div className="mt-2 flex flex-wrap items-center gap-3">
                    <button
                      type="button"
                      className={primaryButton}
                      disabled={!canOperate || apply.isPending || !plan || plan.updates.length === 0}
                      title={forbidden}
                      onClick={() => apply.mutate({ all: true, snapshotFirst }, { onSuccess: setResult })}
                    >
                      {apply.isPending ? "Queuing…" : "Update all"}
                    </button>
                    {/* A toggle button, not a checkbox: the pull form's override is the page's only checkbox. */}
                    <button type="button" className={button} aria-pressed={snapshotFirst} onClick={() => setSnapshotFirst(!snapshotFirst)}>
                      <span aria-hidden>{snapshotFirst ? "☑" : "☐"}</span> Snapshot the cache first
                    </button>
                  </div>
                </div>
              ) : null}
            </>
          )}
          {apply.error ? <p role="alert" className="mt-2 text-sm text-bad">{apply.error.message}</p> : null}
          {result ? <Outcome result={result} /> : null}
        </>
      )}
    </Panel>
  );
}
