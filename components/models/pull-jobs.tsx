"use client";
// Pull jobs: one overall progress bar per job with phase, speed and ETA; cancel; finished jobs with Ollama's own error text.
import { useState } from "react";
import { toast } from "sonner";
import { useNow } from "@/components/ui/use-now";
import { smallButton } from "@/components/ui/styles";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState } from "@/components/ui/states";
import { formatAge, formatBytes, formatDuration, formatPercent, formatRate } from "@/lib/shared/format";
import type { PullJob } from "@/lib/shared/contracts/pulls";
import { useCancelPull } from "./queries";
import type { PullJobs } from "./use-pull-jobs";

const PHASE: Record<PullJob["state"], string> = {
  queued: "Queued",
  pulling_manifest: "Pulling manifest",
  downloading: "Downloading",
  verifying: "Verifying",
  writing_manifest: "Writing manifest",
  retrying: "Retrying",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

const TONE: Partial<Record<PullJob["state"], string>> = { succeeded: "text-ok", failed: "text-bad", cancelled: "text-muted", retrying: "text-warn" };
const BAR: Partial<Record<PullJob["state"], string>> = { failed: "bg-bad", cancelled: "bg-muted", retrying: "bg-warn", succeeded: "bg-ok" };

function Progress({ job }: { job: PullJob }) {
  const ratio = job.totalBytes > 0 ? Math.min(1, job.completedBytes / job.totalBytes) : 0;
  return (
    <div
      role="progressbar"
      aria-label={`${job.model} progress`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(ratio * 100)}
      aria-valuetext={`${formatPercent(ratio, 0)}, ${formatBytes(job.completedBytes)} of ${formatBytes(job.totalBytes)}`}
      className="h-2 overflow-hidden rounded-full bg-muted/25"
    >
      <div className={`h-full transition-[width] duration-200 ${BAR[job.state] ?? "bg-accent"}`} style={{ width: `${ratio * 100}%` }} />
    </div>
  );
}

function Details({ job }: { job: PullJob }) {
  const facts = [
    `${formatBytes(job.completedBytes)} of ${formatBytes(job.totalBytes)}`,
    job.bytesPerSecond ? formatRate(job.bytesPerSecond) : null,
    job.etaSeconds != null ? `${formatDuration(job.etaSeconds)} left` : null,
    job.attempt > 1 ? `attempt ${job.attempt}` : null,
    job.nextRetryAt ? `next try ${new Date(job.nextRetryAt).toLocaleTimeString()}` : null,
  ].filter(Boolean);
  return <p className="tabular text-xs text-muted">{facts.join(" · ")}</p>;
}

/** Finished pulls the operator dismissed, per browser (they stay in the server's history and the audit trail). */
const DISMISSED_KEY = "ollama-ops.dismissed-pulls";

function readDismissed(): ReadonlySet<string> {
  // On the server nothing is dismissed; the job list is empty there anyway (it arrives from the browser's queries).
  if (typeof window === "undefined") return new Set();
  try {
    const saved = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? "[]") as unknown;
    return new Set(Array.isArray(saved) ? saved.filter((s): s is string => typeof s === "string") : []);
  } catch {
    return new Set();
  }
}

function useDismissed(): [ReadonlySet<string>, (ids: string[]) => void] {
  const [ids, setIds] = useState<ReadonlySet<string>>(readDismissed);
  const dismiss = (more: string[]) =>
    setIds((prev) => {
      const next = new Set([...prev, ...more]);
      // Bounded: only the newest few hundred ids matter, the server keeps 20 finished jobs.
      localStorage.setItem(DISMISSED_KEY, JSON.stringify([...next].slice(-200)));
      return next;
    });
  return [ids, dismiss];
}

function JobRow({ job, canOperate, now, onDismiss }: { job: PullJob; canOperate: boolean; now: number; onDismiss: () => void }) {
  const cancel = useCancelPull();
  const active = !["succeeded", "failed", "cancelled"].includes(job.state);
  const who = `${job.startedBy}${job.resumed ? ", resumed after a console restart" : ""}${job.override !== "none" ? ", pre-flight overridden" : ""}`;
  return (
    <li aria-label={`Pull ${job.model}`} className="space-y-1.5 border-t border-border py-3 first:border-t-0 first:pt-0">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div className="min-w-0">
          <span className="font-mono text-sm">{job.model}</span>
          <span className={`ml-2 text-xs font-medium ${TONE[job.state] ?? "text-info"}`}>{PHASE[job.state]}</span>
          {active && job.status ? <span className="ml-2 text-xs text-muted">{job.status}</span> : null}
        </div>
        {active ? (
          <button
            type="button"
            className={smallButton}
            aria-label={`Cancel pull of ${job.model}`}
            disabled={!canOperate || cancel.isPending}
            title={canOperate ? undefined : "Needs the operator role"}
            onClick={() =>
              cancel.mutate(job.id, {
                onSuccess: () => toast.success(`Pull of ${job.model} cancelled`, { description: "The partial download stays; pulling again resumes it." }),
                onError: (e) => toast.error(`Could not cancel: ${e.message}`),
              })
            }
          >
            {cancel.isPending ? "Cancelling…" : "Cancel"}
          </button>
        ) : (
          <span className="flex items-center gap-2">
            <span className="text-xs text-muted tabular">{formatAge(job.finishedAt, now)}</span>
            <button type="button" className={smallButton} aria-label={`Dismiss pull of ${job.model}`} onClick={onDismiss}>
              Dismiss
            </button>
          </span>
        )}
      </div>
      <Progress job={job} />
      <Details job={job} />
      {job.state === "failed" ? (
        <ErrorState title="Pull failed" reason={job.error ?? undefined}>
          {job.diskAtFailure ? (
            <p className="mt-1 text-xs text-muted">
              Cache volume at that moment: {formatBytes(job.diskAtFailure.availableBytes)} free of {formatBytes(job.diskAtFailure.capacityBytes)} (
              {job.diskAtFailure.source}).
            </p>
          ) : null}
        </ErrorState>
      ) : null}
      <p className="text-2xs text-muted">
        Started by {who} · {formatAge(job.startedAt, now)}
        {job.cancelledBy ? ` · cancelled by ${job.cancelledBy}` : ""}
      </p>
    </li>
  );
}

/** Every pull the server holds: running ones first, then recent ones. */
export function PullJobsPanel({ pulls, canOperate }: { pulls: PullJobs; canOperate: boolean }) {
  const now = useNow(1_000);
  const [dismissed, dismiss] = useDismissed();
  const jobs = pulls.jobs.filter((j) => !dismissed.has(j.id));
  const finished = jobs.filter((j) => j.finishedAt).map((j) => j.id);
  return (
    <Panel
      title="Pulls"
      actions={
        <span className="flex items-center gap-2">
          {finished.length > 1 ? (
            <button type="button" className={smallButton} onClick={() => dismiss(finished)}>
              Clear finished
            </button>
          ) : null}
          <span className="text-2xs text-muted">{pulls.live ? "live" : "polling"}</span>
        </span>
      }
    >
      {pulls.journalProblem ? (
        <ErrorState title="Pulls will not survive a console restart" reason={`The job journal cannot be written: ${pulls.journalProblem}`} />
      ) : null}
      {jobs.length === 0 ? (
        <Empty>No pulls yet. Pulls run on the console server: they continue when you close this page.</Empty>
      ) : (
        <ul aria-label="Pull jobs">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} canOperate={canOperate} now={now} onDismiss={() => dismiss([job.id])} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
