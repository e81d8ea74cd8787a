"use client";
// A side panel with one model's details from /api/show: capabilities, context length, parameters, template, license, Modelfile.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ConsoleDialog } from "@/components/ui/dialog";
import { QueryState } from "@/components/ui/query-panel";
import { formatAge } from "@/lib/shared/format";
import type { ModelDetails } from "@/lib/shared/contracts/models";
import { modelQueries } from "./queries";
import { Facts as FactList } from "@/components/ui/facts";


function Text({ title, text, open = false }: { title: string; text: string; open?: boolean }) {
  if (!text.trim()) return null;
  return (
    <details open={open} className="rounded-md border border-border">
      <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-muted hover:text-fg">{title}</summary>
      <pre tabIndex={0} className="max-h-72 overflow-auto whitespace-pre-wrap break-words border-t border-border px-3 py-2 font-mono text-xs">{text}</pre>
    </details>
  );
}

function Facts({ d }: { d: ModelDetails }) {
  const rows: [string, ReactNode][] = [
    ["Family", d.family || "—"],
    ["Architecture", d.architecture ?? "—"],
    ["Parameters", d.parameterSize || "—"],
    ["Quantization", d.quantization || "—"],
    ["Format", d.format || "—"],
    ["Context length", d.contextLength ? `${d.contextLength.toLocaleString()} tokens` : "—"],
    ["Modified", d.modifiedAt ? formatAge(d.modifiedAt) : "—"],
  ];
  return <FactList rows={rows} />;
}

function Body({ model }: { model: string }) {
  const q = useQuery(modelQueries.details(model));
  return (
    <QueryState query={q} errorTitle="Details unavailable">
      {(d) => <Details d={d} />}
    </QueryState>
  );
}

function Details({ d }: { d: ModelDetails }) {
  return (
    <div className="space-y-4">
      <div aria-label="Capabilities" role="list" className="flex flex-wrap gap-1.5">
        {d.capabilities.length ? (
          d.capabilities.map((c) => (
            <span role="listitem" key={c} className="rounded-full border border-info/40 bg-info/10 px-2 py-0.5 text-xs text-info">
              {c}
            </span>
          ))
        ) : (
          <span className="text-xs text-muted">No capabilities reported</span>
        )}
      </div>
      <Facts d={d} />
      <Text title="Parameters" text={d.parameters} open />
      <Text title="System prompt" text={d.system} />
      <Text title="Template" text={d.template} />
      <Text title="License" text={d.license} />
      <Text title="Modelfile" text={d.modelfile} />
    </div>
  );
}

/** Opens from the right when `model` is set; Escape or the close button closes it. */
export function ModelDetailsPanel({ model, onClose }: { model: string | undefined; onClose: () => void }) {
  return (
    <ConsoleDialog variant="sheet" open={model !== undefined} onOpenChange={(open) => (open ? undefined : onClose())} title={model ?? ""}>
      {model ? <Body model={model} /> : null}
    </ConsoleDialog>
  );
}
