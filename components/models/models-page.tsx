"use client";
// The Models page: pull (with the space pre-flight) and running pulls, loaded models, and the installed-models table.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNow } from "@/components/ui/use-now";
import { useLastKnown } from "@/components/ui/use-last-known";
import type { PullJob } from "@/lib/pulls/job";
import { PageHeader, Panel } from "@/components/ui/panel";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { DeleteModelDialog } from "./delete-dialog";
import { LoadedModelsPanel } from "./loaded-models";
import { ModelDetailsPanel } from "./model-details";
import { ModelsTable } from "./models-table";
import { PullForm } from "./pull-form";
import { PullJobsPanel } from "./pull-jobs";
import { modelQueries } from "./queries";
import { usePullJobs } from "./use-pull-jobs";

/** Ollama's name for a pulled model: "qwen2.5" is installed as "qwen2.5:latest". */
const withTag = (name: string) => (/:[^/]+$/.test(name) ? name : `${name}:latest`).toLowerCase();
/** How long after a pull succeeded the list is polled fast until the model shows up. */
const JUST_PULLED_MS = 30_000;

function Installed({ canOperate, jobs }: { canOperate: boolean; jobs: PullJob[] }) {
  const [fast, setFast] = useState(false);
  const q = useQuery(modelQueries.list(fast));
  const [details, setDetails] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  // While Ollama cannot be read, the last list read stays on screen, marked stale with the reason.
  const models = useLastKnown(q.data?.models, q.dataUpdatedAt);
  const now = useNow(5_000);
  const loaded = new Set(q.data?.loaded.ok ? q.data.loaded.data.map((m) => m.name) : []);
  // A pull that just succeeded: poll every second until its model is listed, instead of the usual 5 s.
  const names = new Set(models.data?.map((m) => m.name.toLowerCase()));
  const awaiting = jobs.some((j) => j.state === "succeeded" && j.finishedAt && now - Date.parse(j.finishedAt) < JUST_PULLED_MS && !names.has(withTag(j.model)));
  if (awaiting !== fast) setFast(awaiting);
  return (
    <Panel title="Installed models">
      {q.isPending ? (
        <Loading />
      ) : q.isError && !models.data ? (
        <ErrorState title="Console unreachable" reason={q.error.message} />
      ) : !models.data ? (
        <ErrorState title="Ollama API unreachable" reason={models.error?.message} />
      ) : (
        <>
          {models.error ? (
            <p role="status" className="mb-3 rounded border border-warn/40 bg-warn/10 px-2 py-1 text-xs text-warn">
              Stale since {models.since ? new Date(models.since).toLocaleTimeString() : "the start"}: {models.error.message}
            </p>
          ) : null}
          {models.data.length === 0 ? (
            <Empty>No models installed. Pull one above.</Empty>
          ) : (
            <ModelsTable models={models.data} loaded={loaded} canOperate={canOperate && !models.error} onDetails={setDetails} onDelete={setDeleting} />
          )}
        </>
      )}
      <ModelDetailsPanel model={details} onClose={() => setDetails(undefined)} />
      <DeleteModelDialog model={deleting} onClose={() => setDeleting(undefined)} />
    </Panel>
  );
}

export function ModelsPage({ canOperate }: { canOperate: boolean }) {
  const pulls = usePullJobs();
  return (
    <>
      <PageHeader
        title="Models"
        subtitle="Pull with a space check first, watch pulls that run on the server, unload from memory, delete what you no longer need."
      />
      <div className="space-y-4">
        <div className="grid gap-4 lg:grid-cols-2">
          <PullForm registries={pulls.registries} canOperate={canOperate} />
          <PullJobsPanel pulls={pulls} canOperate={canOperate} />
        </div>
        <LoadedModelsPanel canOperate={canOperate} />
        <Installed canOperate={canOperate} jobs={pulls.jobs} />
      </div>
    </>
  );
}
