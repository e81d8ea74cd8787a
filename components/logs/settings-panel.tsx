"use client";
// Effective settings: spec next to running, each explained with its default; "Change" collects new values and asks the
// server for the Kustomize patch and the KV-cache memory hint.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { Panel } from "@/components/ui/panel";
import { ErrorState, Loading } from "@/components/ui/states";
import { formatBytes } from "@/lib/format";
import type { PatchResult, patchResult, SettingRow } from "@/lib/contracts/logs";
import { signalQueries } from "./queries";

const STATUS = {
  same: { text: "same", css: "text-ok" },
  differs: { text: "spec ≠ running", css: "font-medium text-bad" },
  unknown: { text: "unknown", css: "text-muted" },
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

export function SettingsPanel({ canChange }: { canChange: boolean }) {
  const q = useQuery(signalQueries.settings());
  const [changes, setChanges] = useState<Record<string, string>>({});
  const patch = useMutation({
    mutationFn: (body: Record<string, string>) => fetchJson<typeof patchResult>("/api/settings/patch", { method: "POST", body: JSON.stringify({ changes: body }) }),
  });
  if (q.isPending) return <Panel title="Effective settings"><Loading /></Panel>;
  if (q.isError) return <Panel title="Effective settings"><ErrorState title="Settings unavailable" reason={q.error.message} /></Panel>;
  const v = q.data;
  const editing = Object.keys(changes);
  return (
    <Panel title="Effective settings">
      <p className="mb-2 text-sm text-muted">
        Deployment {v.namespace}/{v.deployment}, container {v.container}.{" "}
        {v.runningSince ? `Running values from the server config line logged at ${new Date(v.runningSince).toLocaleString()}.` : "The running process's server config line was not found in its log: running values are unknown."}
      </p>
      {v.differences > 0 ? (
        <p role="alert" className="mb-2 rounded border border-bad/40 bg-bad/10 px-2 py-1 text-sm text-bad">
          spec ≠ running for {v.differences} setting{v.differences === 1 ? "" : "s"}: a rollout is pending or failed.
        </p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Settings">
          <thead className="text-xs text-muted">
            <tr>
              {["Setting", "Spec", "Running", "", "Default", "What it does", ""].map((h, i) => (
                <th key={i} className="py-1 pr-3 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {v.rows.map((r) => (
              <tr key={r.name} data-setting={r.name}>
                <td className="py-1.5 pr-3 font-mono text-xs">{r.name}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">{specText(r)}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">{r.running === undefined ? "unknown" : r.running === "" ? '""' : r.running}</td>
                <td className={`py-1.5 pr-3 text-xs ${STATUS[r.status].css}`}>{STATUS[r.status].text}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">{r.defaultValue || "—"}</td>
                <td className="py-1.5 pr-3 text-xs text-muted">{r.explanation}</td>
                <td className="py-1.5">
                  {canChange && r.explanation ? (
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
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing.length ? (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <button type="button" className="rounded bg-accent px-3 py-1 text-sm text-white" onClick={() => patch.mutate(changes)} disabled={patch.isPending}>
            Generate patch
          </button>
          <button type="button" className="rounded border border-border px-3 py-1 text-sm" onClick={() => (setChanges({}), patch.reset())}>
            Cancel
          </button>
          <span className="text-xs text-muted">Nothing is applied: commit the patch to your overlay and let GitOps roll it out.</span>
        </div>
      ) : null}
      {patch.isError ? <ErrorState title="Patch not generated" reason={patch.error.message} /> : null}
      {patch.data ? <PatchView result={patch.data} /> : null}
    </Panel>
  );
}
