"use client";
// Live pull jobs: the server's event stream (snapshot, then updates), falling back to polling while the stream is down.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { PullJob, PullsSnapshot } from "@/lib/shared/contracts/pulls";
import { modelKeys, modelQueries } from "./queries";

const FINAL = new Set<PullJob["state"]>(["succeeded", "failed", "cancelled"]);
const HISTORY = 20;

export interface PullJobs {
  /** Unfinished jobs (oldest first), then finished ones (newest first). */
  jobs: PullJob[];
  /** False while the event stream is (re)connecting: the list then comes from polling. */
  live: boolean;
  journalProblem: string | null;
  registries: string[] | undefined;
}

function order(jobs: Iterable<PullJob>): PullJob[] {
  const all = [...jobs];
  const active = all.filter((j) => !FINAL.has(j.state)).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const done = all
    .filter((j) => FINAL.has(j.state))
    .sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""))
    .slice(0, HISTORY);
  return [...active, ...done];
}

/** Every pull job the console server holds, kept current; re-attaches on reload because the server owns the jobs. */
export function usePullJobs(): PullJobs {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  const [streamed, setStreamed] = useState<Map<string, PullJob> | undefined>(undefined);
  const [journalProblem, setJournalProblem] = useState<string | null>(null);
  const polled = useQuery(modelQueries.pulls(!live));

  useEffect(() => {
    const source = new EventSource("/api/pulls/events");
    source.addEventListener("snapshot", (e: MessageEvent<string>) => {
      const snapshot = JSON.parse(e.data) as PullsSnapshot;
      setStreamed(new Map(snapshot.jobs.map((j) => [j.id, j])));
      setJournalProblem(snapshot.journalProblem);
      setLive(true);
    });
    source.addEventListener("job", (e: MessageEvent<string>) => {
      const job = JSON.parse(e.data) as PullJob;
      setStreamed((prev) => new Map(prev).set(job.id, job));
      // A finished pull changes the installed list and the disk figures.
      if (FINAL.has(job.state)) void client.invalidateQueries({ queryKey: modelKeys.all });
    });
    // EventSource reconnects by itself (the server asks for 2 s); poll meanwhile.
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [client]);

  const jobs = useMemo(() => order(live && streamed ? streamed.values() : (polled.data?.jobs ?? [])), [live, streamed, polled.data]);
  return { jobs, live, journalProblem: live ? journalProblem : (polled.data?.journalProblem ?? null), registries: polled.data?.registries };
}
