"use client";
// Confirm restarting Ollama: every guard in view — pulls that block it, OLLAMA_NOPRUNE, the models that drop (pinned ones
// come back), a snapshot first, and the downtime a single replica means.
import { toast } from "sonner";
import { ConsoleDialog } from "@/components/ui/dialog";
import { useCreateSnapshot } from "@/components/snapshots/queries";
import { button, dangerButton } from "@/components/ui/styles";
import type { ReclaimPlan, ReclaimRun } from "@/lib/shared/contracts/disk";
import { formatBytes } from "@/lib/shared/format";
import { useRestartOllama } from "./queries";

function Guard({ tone, title, children }: { tone: "bad" | "warn" | "info"; title: string; children: React.ReactNode }) {
  const colors = { bad: "border-bad/40 bg-bad/10", warn: "border-warn/40 bg-warn/10", info: "border-border bg-raised" }[tone];
  return (
    <section aria-label={title} className={`rounded-md border px-3 py-2 text-sm ${colors}`}>
      <h3 className={`font-medium ${tone === "bad" ? "text-bad" : tone === "warn" ? "text-warn" : ""}`}>{title}</h3>
      <div className="text-muted">{children}</div>
    </section>
  );
}

export function RestartDialog({ plan, purpose, open, onOpenChange }: { plan: ReclaimPlan; purpose: ReclaimRun["purpose"]; open: boolean; onOpenChange: (open: boolean) => void }) {
  const restart = useRestartOllama();
  const snapshot = useCreateSnapshot();
  const expected = plan.noPrune ? 0 : (plan.reclaimable?.expectedBytes ?? 0);
  const action = purpose === "reclaim" ? `Restart Ollama to reclaim ${formatBytes(expected)}` : "Restart Ollama to finish the resize";
  return (
    <ConsoleDialog open={open} onOpenChange={onOpenChange} title="Restart Ollama?" description="The console deletes the Ollama pod; its Deployment starts a new one, and Ollama prunes its models folder as it starts.">
      <div className="space-y-3">
        {plan.refusal ? (
          <Guard tone="bad" title="Refused">
            <p role="alert">{plan.refusal}</p>
          </Guard>
        ) : null}
        {plan.noPrune ? (
          <Guard tone="warn" title="OLLAMA_NOPRUNE is set">
            <p>The Deployment sets OLLAMA_NOPRUNE: Ollama will not prune as it starts, so a restart frees nothing. Remove the variable (in git) first.</p>
          </Guard>
        ) : null}
        <Guard tone="info" title="Downtime">
          <p>{plan.rollout.downtime}</p>
        </Guard>
        <Guard tone="info" title="Loaded models that will drop">
          {plan.loaded.length === 0 ? (
            <p>{plan.loadedNote ?? "None are loaded."}</p>
          ) : (
            <ul className="ml-4 list-disc">
              {plan.loaded.map((m) => (
                <li key={m.name}>
                  <span className="font-mono">{m.name}</span>
                  {m.pinned ? " — pinned: loaded again afterwards" : ""}
                </li>
              ))}
            </ul>
          )}
        </Guard>
        <Guard tone="info" title="Snapshot first">
          <p>A snapshot of the cache lets you undo anything the prune removes that you still wanted.</p>
          <button
            type="button"
            className={`${button} mt-2`}
            disabled={snapshot.isPending || snapshot.isSuccess}
            onClick={() =>
              snapshot.mutate({}, { onSuccess: ({ snapshot: s }) => toast.success(`Snapshot ${s.name} requested`), onError: (e) => toast.error("Snapshot failed", { description: e.message }) })
            }
          >
            {snapshot.isSuccess ? `Snapshot ${snapshot.data.snapshot.name} requested` : snapshot.isPending ? "Requesting snapshot…" : "Take a snapshot first"}
          </button>
        </Guard>
        {restart.error ? <p role="alert" className="text-sm text-bad">{restart.error.message}</p> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={button} onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button
            type="button"
            className={dangerButton}
            disabled={plan.refusal !== null || restart.isPending}
            onClick={() => restart.mutate(purpose, { onSuccess: () => onOpenChange(false) })}
          >
            {restart.isPending ? "Restarting…" : action}
          </button>
        </div>
      </div>
    </ConsoleDialog>
  );
}
