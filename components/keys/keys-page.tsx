"use client";
// The Keys page: create scoped API keys for Traefik forwardAuth, see each key's use on this replica, revoke one.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { buttonColumn, DataTable, type Column } from "@/components/ui/data-table";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Panel } from "@/components/ui/panel";
import { QueryPanel, QueryState } from "@/components/ui/query-panel";
import { formatAge } from "@/lib/shared/format";
import type { KeyView } from "@/lib/shared/contracts/keys";
import { CreateKeyForm } from "./create-key-form";
import { keysQuery, useRevokeKey } from "./queries";

function RevokeDialog({ target, onClose }: { target: KeyView | undefined; onClose: () => void }) {
  const revoke = useRevokeKey();
  const close = () => (revoke.reset(), onClose());
  return (
    <ConfirmDialog
      open={target !== undefined}
      onClose={close}
      title="Revoke API key?"
      description={target ? <>Key <strong>{target.name}</strong> ({target.scope})</> : undefined}
      failure={revoke.error ? { title: "Key not revoked", message: revoke.error.message } : undefined}
      busy={revoke.isPending}
      confirm={revoke.isPending ? "Revoking…" : `Revoke ${target?.name ?? ""}`}
      onConfirm={() => target && revoke.mutate(target.id, { onSuccess: () => (toast.success(`Key ${target.name} revoked`), close()) })}
    >
      <p>Every client using this key is refused within seconds, on every console replica. This cannot be undone: create a new key instead.</p>
    </ConfirmDialog>
  );
}

function columns(onRevoke: (k: KeyView) => void): Column<KeyView>[] {
  return [
    {
      id: "name",
      header: "Name",
      sort: (a, b) => a.name.localeCompare(b.name),
      cell: (k) => (
        <>
          <div className="font-medium">{k.name}</div>
          <div className="font-mono text-xs text-muted">oops_{k.id}_…</div>
          {k.note ? <div className="text-xs text-muted">{k.note}</div> : null}
        </>
      ),
    },
    { id: "scope", header: "Scope", sort: (a, b) => a.scope.localeCompare(b.scope), className: "font-mono text-xs", cell: (k) => k.scope },
    {
      id: "expires",
      header: "Expires",
      // Never-expiring keys last.
      sort: (a, b) => (a.expiresAt ?? "~").localeCompare(b.expiresAt ?? "~"),
      title: (k) => k.expiresAt ?? undefined,
      cell: (k) => (k.expiresAt ? <span className={k.expired ? "text-bad" : undefined}>{k.expired ? "expired" : k.expiresAt.slice(0, 10)}</span> : "never"),
    },
    { id: "requests", header: "Requests", align: "right", descendingFirst: true, sort: (a, b) => a.usage.requests - b.usage.requests, className: "tabular", cell: (k) => k.usage.requests },
    { id: "refusals", header: "Refusals", align: "right", descendingFirst: true, sort: (a, b) => a.usage.refusals - b.usage.refusals, className: "tabular", cell: (k) => k.usage.refusals },
    {
      id: "used",
      header: "Last used",
      descendingFirst: true,
      sort: (a, b) => (a.usage.lastUsedAt ?? "").localeCompare(b.usage.lastUsedAt ?? ""),
      cell: (k) => (k.usage.lastUsedAt ? formatAge(k.usage.lastUsedAt) : "—"),
    },
    { id: "created", header: "Created", descendingFirst: true, sort: (a, b) => a.createdAt.localeCompare(b.createdAt), className: "text-xs text-muted", cell: (k) => `${k.createdAt.slice(0, 10)} by ${k.createdBy}` },
    buttonColumn({ text: "Revoke", label: (k) => `Revoke ${k.name}`, onClick: onRevoke }),
  ];
}

function KeysTable({ keys, onRevoke }: { keys: KeyView[]; onRevoke: (k: KeyView) => void }) {
  return (
    <>
      <DataTable caption="API keys" rows={keys} rowKey={(k) => k.id} columns={columns(onRevoke)} initialSort={{ id: "name" }} />
      <p className="mt-2 text-xs text-muted">Counts are this console replica&apos;s since it started; /metrics exports them per replica (ollama_ops_api_key_requests_total).</p>
    </>
  );
}

export function KeysPage() {
  const q = useQuery(keysQuery());
  const [revoking, setRevoking] = useState<KeyView | undefined>();
  return (
    <QueryState query={q} errorTitle="API keys unavailable" failure={(d) => (d.enabled ? undefined : { title: "API keys are off", message: d.disabledReason ?? "" })}>
      {() => (
        <div className="space-y-4">
          <Panel title="New key">
            <CreateKeyForm />
          </Panel>
          <QueryPanel title="Keys" query={q} empty={(k) => (k.keys.length === 0 ? "No API keys yet. Clients of the exposed Ollama need one each." : undefined)}>
            {(k) => <KeysTable keys={k.keys} onRevoke={setRevoking} />}
          </QueryPanel>
          <RevokeDialog target={revoking} onClose={() => setRevoking(undefined)} />
        </div>
      )}
    </QueryState>
  );
}
