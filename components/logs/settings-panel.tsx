"use client";
// Effective settings: spec next to running, each explained with its default; "Change" collects new values and asks the
// server for the Kustomize patch and the KV-cache memory hint.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { DataTable, type Column } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { ErrorState } from "@/components/ui/states";
import { button, primaryButton } from "@/components/ui/styles";
import { TONE_TEXT } from "@/components/ui/tone";
import { formatBytes } from "@/lib/shared/format";
import type { PatchResult, patchResult, SettingRow } from "@/lib/shared/contracts/logs";
import { signalQueries } from "./queries";

const STATUS = {
  same: { text: "same", css: TONE_TEXT.ok },
  differs: { text: "spec ≠ running", css: `font-medium ${TONE_TEXT.bad}` },
  unknown: { text: "unknown", css: TONE_TEXT.muted },
} as const;

function specText(row: SettingRow): string {
  if (!row.spec) return "not set";
  return "from" in row.spec ? `from ${row.spec.from}` : row.spec.value === "" ? '""' : row.spec.value;
}

function PatchView({ result }: { result: PatchResult }) {
  return (
    <div className="mt-3 space-y-2" aria-label="Generated patch">
      <pre tabIndex={0} className="overflow-auto rounded border border-border bg-bg p-2 font-mono text-xs">{result.patch}</pre>
      <div className="text-sm">
        <p className="font-medium">KV cache memory (NUM_PARALLEL × context length)</p>
        <ul className="list-disc pl-5 text-muted">
          {result.memory.map((m) => (
            <li key={m.model}>
              {m.model}: {m.estimateBytes === undefined ? "unknown" : `about ${formatBytes(m.estimateBytes)}`}
              {m.currentBytes !== undefined ? ` (now ${formatBytes(m.currentBytes)})` : ""} — based on {m.basis}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function columns(canChange: boolean, changes: Record<string, string>, setChanges: (c: Record<string, string>) => void): Column<SettingRow>[] {
  return [
    { id: "name", header: "Setting", className: "font-mono text-xs", cell: (r) => r.name },
    { id: "spec", header: "Spec", className: "font-mono text-xs", cell: specText },
    { id: "running", header: "Running", className: "font-mono text-xs", cell: (r) => (r.running === undefined ? "unknown" : r.running === "" ? '""' : r.running) },
    { id: "status", header: "Spec vs running", hiddenHeader: true, cell: (r) => <span className={`text-xs ${STATUS[r.status].css}`}>{STATUS[r.status].text}</span> },
    { id: "default", header: "Default", className: "font-mono text-xs", cell: (r) => r.defaultValue || "—" },
    { id: "explanation", header: "What it does", className: "text-xs text-muted", cell: (r) => r.explanation },
    {
      id: "change",
      header: "Change",
      hiddenHeader: true,
      cardLabel: false,
      cell: (r) =>
        canChange && r.explanation ? (
          r.name in changes ? (
            <input
              aria-label={`New value for ${r.name}`}
              value={changes[r.name]}
              onChange={(e) => setChanges({ ...changes, [r.name]: e.target.value })}
              className="w-28 rounded border border-border bg-bg px-1 py-0.5 font-mono text-xs"
            />
          ) : (
            <button type="button" className="text-xs text-accent underline" onClick={() => setChanges({ ...changes, [r.name]: r.spec && "value" in r.spec ? r.spec.value : r.defaultValue })}>
              Change
            </button>
          )
        ) : null,
    },
  ];
}

export function SettingsPanel({ canChange }: { canChange: boolean }) {
  const q = useQuery(signalQueries.settings());
  const [changes, setChanges] = useState<Record<string, string>>({});
  const patch = useMutation({
    mutationFn: (body: Record<string, string>) => fetchJson<typeof patchResult>("/api/settings/patch", { method: "POST", body: JSON.stringify({ changes: body }) }),
  });
  const editing = Object.keys(changes);
  return (
    <QueryPanel title="Effective settings" query={q} errorTitle="Settings unavailable">
      {(v) => (
        <>
          <p className="mb-2 text-sm text-muted">
            Deployment {v.namespace}/{v.deployment}, container {v.container}.{" "}
            {v.runningSince ? `Running values from the server config line logged at ${new Date(v.runningSince).toLocaleString()}.` : "The running process's server config line was not found in its log: running values are unknown."}
          </p>
          {v.differences > 0 ? (
            <p role="alert" className="mb-2 rounded border border-bad/40 bg-bad/10 px-2 py-1 text-sm text-bad">
              spec ≠ running for {v.differences} setting{v.differences === 1 ? "" : "s"}: a rollout is pending or failed.
            </p>
          ) : null}
          <DataTable caption="Settings" rows={v.rows} rowKey={(r) => r.name} columns={columns(canChange, changes, setChanges)} />
          {editing.length ? (
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <button type="button" className={primaryButton} onClick={() => patch.mutate(changes)} disabled={patch.isPending}>
                Generate patch
              </button>
              <button type="button" className={button} onClick={() => (setChanges({}), patch.reset())}>
                Cancel
              </button>
              <span className="text-xs text-muted">Nothing is applied: commit the patch to your overlay and let GitOps roll it out.</span>
            </div>
          ) : null}
          {patch.isError ? <ErrorState title="Patch not generated" reason={patch.error.message} /> : null}
          {patch.data ? <PatchView result={patch.data} /> : null}
        </>
      )}
    </QueryPanel>
  );
}
