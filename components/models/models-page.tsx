"use client";
// The Models page: pull (with the space pre-flight) and running pulls, loaded models, and the installed-models table.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNow } from "@/components/ui/use-now";
import { useLastKnown } from "@/components/ui/use-last-known";
import type { PullJob } from "@/lib/shared/contracts/pulls";
import { PageHeader } from "@/components/ui/panel";
import { QueryPanel } from "@/components/ui/query-panel";
import type { ModelSummary } from "@/lib/shared/contracts/shared";
import { DeleteModelDialog } from "./delete-dialog";
import { DriftPanel } from "./drift-panel";
import { LoadedModels } from "./loaded-models";
import { ModelDetailsPanel } from "./model-details";
import { ModelsTable } from "./models-table";
import { PullForm } from "./pull-form";
import { PullJobsPanel } from "./pull-jobs";
import { UpdatesPanel } from "./updates-panel";
import { VariantPanel } from "./variant-panel";
import { modelQueries } from "./queries";
import { usePullJobs } from "./use-pull-jobs";

/** Ollama's name for a pulled model: "qwen2.5" is installed as "qwen2.5:latest". */
const withTag = (name: string) => (/:[^/]+$/.test(name) ? name : `${name}:latest`).toLowerCase();
/** How long after a pull succeeded the list is polled fast until the model shows up. */
const JUST_PULLED_MS = 30_000;

function Installed({ canOperate, jobs }: { canOperate: boolean; jobs: PullJob[] }) {
  const [details, setDetails] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  const now = useNow(5_000);
  // A pull that just succeeded: poll every second until its model is listed, instead of the usual 5 s.
  const awaiting = (listed: ModelSummary[] | undefined) => {
    const names = new Set(listed?.map((m) => m.name.toLowerCase()));
    return jobs.some((j) => j.state === "succeeded" && j.finishedAt && now - Date.parse(j.finishedAt) < JUST_PULLED_MS && !names.has(withTag(j.model)));
  };
  const q = useQuery({ ...modelQueries.list(), refetchInterval: (query) => (awaiting(query.state.data?.models.ok ? query.state.data.models.data : undefined) ? 1_000 : 5_000) });
  // While Ollama cannot be read, the last list read stays on screen, marked stale with the reason.
  const models = useLastKnown(q.data?.models, q.dataUpdatedAt);
  const loaded = new Set(q.data?.loaded.ok ? q.data.loaded.data.map((m) => m.name) : []);
  return (
    <>
      <QueryPanel
        title="Installed models"
        query={q}
        failure={() => (models.data ? undefined : models.error)}
        stale={() => (models.error ? { since: models.since, reason: models.error.message } : undefined)}
        empty={() => (models.data?.length === 0 ? "No models installed. Pull one above." : undefined)}
      >
        {() => <ModelsTable models={models.data ?? []} loaded={loaded} canOperate={canOperate && !models.error} onDetails={setDetails} onDelete={setDeleting} />}
      </QueryPanel>
      <ModelDetailsPanel model={details} onClose={() => setDetails(undefined)} />
      <DeleteModelDialog model={deleting} onClose={() => setDeleting(undefined)} />
    </>
  );
}

export function ModelsPage({ canOperate, canAdmin = false }: { canOperate: boolean; canAdmin?: boolean }) {
  const pulls = usePullJobs();
  return (
    <>
      <PageHeader
        title="Models"
        subtitle="Pull with a space check first, watch pulls that run on the server, unload from memory, delete what you no longer need."
      />
      <div className="space-y-4">
        <div className="grid gap-4 lg:grid-cols-2">
          <PullForm registries={pulls.registries} canOperate={canOperate} canAdmin={canAdmin} />
          <PullJobsPanel pulls={pulls} canOperate={canOperate} />
        </div>
        <LoadedModels canOperate={canOperate} />
        <Installed canOperate={canOperate} jobs={pulls.jobs} />
        <div className="grid gap-4 lg:grid-cols-2">
          <DriftPanel canOperate={canOperate} canAdmin={canAdmin} />
          <UpdatesPanel canOperate={canOperate} />
        </div>
        <VariantPanel canOperate={canOperate} />
      </div>
    </>
  );
}
