"use client";
// Create an API key: name, scope, optional expiry and note. The key itself is shown once, right here, with a copy button.
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { button, input, label, primaryButton, smallButton } from "@/components/ui/styles";
import { ErrorState } from "@/components/ui/states";
import { SCOPE_HELP, SCOPES, type Scope } from "@/lib/shared/keys/scope";
import type { CreatedKey } from "@/lib/shared/contracts/keys";
import { useCreateKey } from "./queries";

function ShownOnce({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      toast.success("Copied the key");
    } catch {
      toast.error("Copy failed: the browser refused clipboard access; select the text instead");
    }
  };
  return (
    <div className="space-y-2 rounded-md border border-warn/60 bg-warn/10 p-3 text-sm" role="status">
      <p>
        Key <strong>{created.key.name}</strong> created. Copy it now: it is <strong>shown only once</strong>, and the console keeps only its hash. Clients send it as{" "}
        <span className="font-mono">Authorization: Bearer …</span>.
      </p>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 overflow-x-auto rounded border border-border bg-bg px-2 py-1 font-mono text-xs" aria-label="New API key">
          {created.secret}
        </code>
        <button type="button" className={smallButton} onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <button type="button" className={button} onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}

export function CreateKeyForm() {
  const create = useCreateKey();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("inference");
  const [days, setDays] = useState("");
  const [note, setNote] = useState("");
  if (create.data) return <ShownOnce created={create.data} onDone={() => create.reset()} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, scope, note, ...(days.trim() ? { expiresInDays: Number(days) } : {}) },
      { onSuccess: () => (setName(""), setDays(""), setNote("")) },
    );
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="Create API key">
      <div>
        <label className={label} htmlFor="key-name">Name</label>
        <input id="key-name" className={input} value={name} onChange={(e) => setName(e.target.value)} maxLength={63} required placeholder="open-webui" />
      </div>
      <div>
        <label className={label} htmlFor="key-scope">Scope</label>
        <select id="key-scope" className={input} value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
          {SCOPES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
        <p className="mt-1 text-xs text-muted">{SCOPE_HELP[scope]}</p>
      </div>
      <div>
        <label className={label} htmlFor="key-days">Expires after (days, empty = never)</label>
        <input id="key-days" className={input} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, ""))} placeholder="90" />
      </div>
      <div>
        <label className={label} htmlFor="key-note">Note</label>
        <input id="key-note" className={input} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder="who uses it, where it is stored" />
      </div>
      {create.isError ? (
        <div className="sm:col-span-2">
          <ErrorState title="Key not created" reason={create.error.message} />
        </div>
      ) : null}
      <div className="sm:col-span-2">
        <button type="submit" className={primaryButton} disabled={create.isPending || !name.trim()}>
          {create.isPending ? "Creating…" : "Create key"}
        </button>
      </div>
    </form>
  );
}
