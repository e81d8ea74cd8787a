"use client";
// Grow the volume: the proposed size, the StorageClass check, the Kustomize patch for git (the default path), "Expand now"
// for clusters without GitOps (admin), and the resize's progress.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { QueryError } from "@/components/ui/states";
import { button, dangerButton, input, label } from "@/components/ui/styles";
import { Facts } from "@/components/ui/facts";
import { Loading } from "@/components/ui/states";
import type { ExpansionPlan, ReclaimPlan } from "@/lib/shared/contracts/disk";
import { parseSizeQuantity } from "@/lib/shared/disk/grow";
import { formatBytes } from "@/lib/shared/format";
import { expansionQuery, reclaimQuery, useExpandNow } from "./queries";
import { RestartDialog } from "./restart-dialog";

function Progress({ plan, canAdmin, reclaim }: { plan: ExpansionPlan; canAdmin: boolean; reclaim: ReclaimPlan | undefined }) {
  const [open, setOpen] = useState(false);
  if (plan.progress.stage === "idle") return null;
  const tone = plan.progress.stage === "failed" ? "text-bad" : "text-warn";
  return (
    <div role="status" aria-label="Resize progress" className="space-y-2 rounded-md border border-border bg-raised px-3 py-2 text-sm">
      <p className={tone}>{plan.progress.message}</p>
      {plan.progress.stage === "filesystem-pending" && reclaim ? (
        <>
          <button type="button" className={button} disabled={!canAdmin || !!reclaim.refusal} onClick={() => setOpen(true)}>
            Restart Ollama to finish the resize
          </button>
          <RestartDialog plan={reclaim} purpose="resize" open={open} onOpenChange={setOpen} />
        </>
      ) : null}
    </div>
  );
}

function GitPath({ patch }: { patch: NonNullable<ExpansionPlan["patch"]> }) {
  return (
    <div className="space-y-1">
      <p className="text-sm">
        Commit <span className="font-mono">{patch.file}</span> next to your kustomization and add it under <span className="font-mono">patches:</span>; GitOps then grows the PVC and keeps it grown.
      </p>
      <pre aria-label="Kustomize patch" className="overflow-x-auto rounded-md border border-border bg-bg p-2 font-mono text-2xs">
        {patch.patch}
      </pre>
      <pre aria-label="kustomization.yaml addition" className="overflow-x-auto rounded-md border border-border bg-bg p-2 font-mono text-2xs">
        {patch.kustomization}
      </pre>
      <button type="button" className={button} onClick={() => void navigator.clipboard?.writeText(patch.patch).then(() => toast.success("Patch copied"))}>
        Copy the patch
      </button>
    </div>
  );
}

function ExpandNow({ plan, canAdmin }: { plan: ExpansionPlan; canAdmin: boolean }) {
  const [size, setSize] = useState(plan.target?.quantity ?? "");
  const expand = useExpandNow();
  const bad = size && parseSizeQuantity(size) === undefined ? 'A whole number of Gi or Ti, e.g. "150Gi"' : undefined;
  const blocked = !canAdmin ? "Expand now needs the admin role" : plan.refusal && size === plan.target?.quantity ? plan.refusal : bad;
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) expand.mutate(size, { onSuccess: () => toast.success(`PVC ${plan.pvc.name} requested at ${size}`) });
      }}
    >
      <p role="note" className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-warn">
        {plan.gitopsWarning}
      </p>
      <label className={label} htmlFor="expand-size">
        New size
      </label>
      <input id="expand-size" className={`${input} max-w-40 font-mono`} value={size} onChange={(e) => setSize(e.target.value.trim())} aria-invalid={!!bad} />
      {blocked ? <p className="text-xs text-muted">{blocked}</p> : null}
      {expand.error ? <p role="alert" className="text-sm text-bad">{expand.error.message}</p> : null}
      <button type="submit" className={dangerButton} disabled={!!blocked || expand.isPending}>
        {expand.isPending ? "Expanding…" : "Expand now"}
      </button>
    </form>
  );
}

/** Everything about growing the cache volume by `pendingBytes` (a pull that does not fit) or for the warning threshold. */
export function ExpandVolume({ pendingBytes, canAdmin }: { pendingBytes: number; canAdmin: boolean }) {
  const q = useQuery(expansionQuery(pendingBytes));
  const reclaim = useQuery(reclaimQuery());
  const [path, setPath] = useState<"git" | "now">("git");
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} />;
  const plan = q.data;
  const sc = plan.storageClass;
  const rows: [string, string][] = [
    ["PVC", `${plan.pvc.name} (${plan.pvc.phase})`],
    ["Now", formatBytes(plan.pvc.capacityBytes ?? plan.pvc.requestBytes)],
    ["Proposed", plan.target ? `${plan.target.quantity} — ${plan.target.reason}` : "—"],
    ["StorageClass", sc ? `${sc.name}: ${sc.allowVolumeExpansion ? "allows expansion" : "does not allow expansion"}` : (plan.storageClassNote ?? "—")],
  ];
  return (
    <div className="space-y-3">
      <Facts rows={rows} dense />
      <Progress plan={plan} canAdmin={canAdmin} reclaim={reclaim.data} />
      {plan.refusal ? (
        <p role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm text-bad">
          {plan.refusal}
        </p>
      ) : null}
      <div role="tablist" aria-label="How to grow the volume" className="flex gap-1">
        {(["git", "now"] as const).map((p) => (
          <button key={p} type="button" role="tab" aria-selected={path === p} className={`${button} ${path === p ? "bg-raised" : ""}`} onClick={() => setPath(p)}>
            {p === "git" ? "Kustomize patch (git)" : "Expand now"}
          </button>
        ))}
      </div>
      <div role="tabpanel">{path === "git" ? plan.patch ? <GitPath patch={plan.patch} /> : <p className="text-sm text-muted">No size to propose: usage is unknown.</p> : <ExpandNow plan={plan} canAdmin={canAdmin} />}</div>
    </div>
  );
}
