"use client";
// The Keys page: create scoped API keys for Traefik forwardAuth, see each key's use on this replica, revoke one.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ConsoleDialog } from "@/components/ui/dialog";
import { button, dangerButton, smallButton } from "@/components/ui/styles";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { formatAge } from "@/lib/format";
import type { KeyView } from "@/lib/keys/types";
import { CreateKeyForm } from "./create-key-form";
import { keysQuery, useRevokeKey } from "./queries";

function RevokeDialog({ target, onClose }: { target: KeyView | undefined; onClose: () => void }) {
  const revoke = useRevokeKey();
  const close = () => (revoke.reset(), onClose());
  return (
    <ConsoleDialog open={target !== undefined} onOpenChange={(open) => !open && close()} title="Revoke API key?" description={target ? <>Key <strong>{target.name}</strong> ({target.scope})</> : undefined}>
      {target ? (
        <div className="space-y-4 text-sm">
          <p>Every client using this key is refused within seconds, on every console replica. This cannot be undone: create a new key instead.</p>
          {revoke.isError ? <ErrorState title="Key not revoked" reason={revoke.error.message} /> : null}
          <div className="flex justify-end gap-2">
            <button type="button" className={button} onClick={close}>Cancel</button>
            <button
              type="button"
              className={dangerButton}
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(target.id, { onSuccess: () => (toast.success(`Key ${target.name} revoked`), close()) })}
            >
              {revoke.isPending ? "Revoking…" : `Revoke ${target.name}`}
            </button>
          </div>
        </div>
      ) : null}
    </ConsoleDialog>
  );
}

function KeysTable({ keys, onRevoke }: { keys: KeyView[]; onRevoke: (k: KeyView) => void }) {
  if (keys.length === 0) return <Empty>No API keys yet. Clients of the exposed Ollama need one each.</Empty>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th className="py-1 pr-3 font-medium">Name</th>
            <th className="py-1 pr-3 font-medium">Scope</th>
            <th className="py-1 pr-3 font-medium">Expires</th>
            <th className="py-1 pr-3 text-right font-medium">Requests</th>
            <th className="py-1 pr-3 text-right font-medium">Refusals</th>
            <th className="py-1 pr-3 font-medium">Last used</th>
            <th className="py-1 pr-3 font-medium">Created</th>
            <th className="py-1"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-border align-top">
              <td className="py-1.5 pr-3">
                <div className="font-medium">{k.name}</div>
                <div className="font-mono text-xs text-muted">oops_{k.id}_…</div>
                {k.note ? <div className="text-xs text-muted">{k.note}</div> : null}
              </td>
              <td className="py-1.5 pr-3 font-mono text-xs">{k.scope}</td>
              <td className="py-1.5 pr-3">
                {k.expiresAt ? <span className={k.expired ? "text-bad" : undefined} title={k.expiresAt}>{k.expired ? "expired" : k.expiresAt.slice(0, 10)}</span> : "never"}
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{k.usage.requests}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{k.usage.refusals}</td>
              <td className="py-1.5 pr-3">{k.usage.lastUsedAt ? formatAge(k.usage.lastUsedAt) : "—"}</td>
              <td className="py-1.5 pr-3 text-xs text-muted">{k.createdAt.slice(0, 10)} by {k.createdBy}</td>
              <td className="py-1.5 text-right">
                <button type="button" className={smallButton} onClick={() => onRevoke(k)} aria-label={`Revoke ${k.name}`}>Revoke</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-muted">Counts are this console replica&apos;s since it started; /metrics exports them per replica (ollama_ops_api_key_requests_total).</p>
    </div>
  );
}

export function KeysPage() {
  const q = useQuery(keysQuery());
  const [revoking, setRevoking] = useState<KeyView | undefined>();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState title="API keys unavailable" reason={q.error.message} />;
  if (!q.data.enabled) return <ErrorState title="API keys are off" reason={q.data.disabledReason} />;
  return (
    <div className="space-y-4">
      <Panel title="New key">
        <CreateKeyForm />
      </Panel>
      <Panel title="Keys">
        <KeysTable keys={q.data.keys} onRevoke={setRevoking} />
      </Panel>
      <RevokeDialog target={revoking} onClose={() => setRevoking(undefined)} />
    </div>
  );
}
