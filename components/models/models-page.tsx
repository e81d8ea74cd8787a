"use client";
// The Models page: pull (with the space pre-flight) and running pulls, loaded models, and the installed-models table.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
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

function Installed({ canOperate }: { canOperate: boolean }) {
  const q = useQuery(modelQueries.list());
  const [details, setDetails] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  const loaded = new Set(q.data?.loaded.ok ? q.data.loaded.data.map((m) => m.name) : []);
  return (
    <Panel title="Installed models">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState title="Console unreachable" reason={q.error.message} />
      ) : !q.data.models.ok ? (
        <ErrorState title="Ollama API unreachable" reason={q.data.models.error.message} />
      ) : q.data.models.data.length === 0 ? (
        <Empty>No models installed. Pull one above.</Empty>
      ) : (
        <ModelsTable models={q.data.models.data} loaded={loaded} canOperate={canOperate} onDetails={setDetails} onDelete={setDeleting} />
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
        <Installed canOperate={canOperate} />
      </div>
    </>
  );
}
