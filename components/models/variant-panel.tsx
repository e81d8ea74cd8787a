"use client";
// "Create variant" (issue 14): a new model from an installed one with parameters and a system prompt; no files, no
// blobs, no weights copied. The result offers its models.yaml entry.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { input, label, primaryButton } from "@/components/ui/styles";
import { Panel } from "@/components/ui/panel";
import { checkModelName } from "@/lib/shared/ollama/names";
import { declareSnippet } from "@/lib/shared/models/snippet";
import type { VariantResult } from "@/lib/shared/contracts/models-desired";
import { formatBytes } from "@/lib/shared/format";
import { useCreateVariant } from "./desired-queries";
import { modelQueries } from "./queries";
import { YamlSnippet } from "./yaml-snippet";
import { OptionSelect } from "@/components/ui/option-select";

const NUMBERS = [
  { key: "num_ctx", label: "Context length (num_ctx)", step: "1", placeholder: "e.g. 8192" },
  { key: "temperature", label: "Temperature", step: "0.05", placeholder: "0–2" },
  { key: "num_gpu", label: "GPU layers (num_gpu)", step: "1", placeholder: "0 = CPU only" },
] as const;

export function VariantPanel({ canOperate }: { canOperate: boolean }) {
  const list = useQuery(modelQueries.list());
  const installed = list.data?.models.ok ? list.data.models.data.map((m) => m.name) : [];
  const [from, setFrom] = useState("");
  const [name, setName] = useState("");
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const [system, setSystem] = useState("");
  const [done, setDone] = useState<VariantResult | undefined>(undefined);
  const create = useCreateVariant();
  const nameCheck = name.trim() ? checkModelName(name.trim()) : undefined;
  const clash = nameCheck?.ok && installed.some((m) => m.toLowerCase() === nameCheck.display.toLowerCase());
  const nameProblem = nameCheck && !nameCheck.ok ? nameCheck.reason : clash ? `${name.trim()} already exists` : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parameters = Object.fromEntries(Object.entries(numbers).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, Number(v)]));
    create.mutate({ name: name.trim(), from, parameters, ...(system.trim() ? { system } : {}) }, { onSuccess: setDone });
  };
  return (
    <Panel title="Create variant">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="Create variant">
        <div>
          <label className={label} htmlFor="variant-from">
            From installed model
          </label>
          <OptionSelect id="variant-from" className={input} value={from} onChange={setFrom} options={installed} placeholder="Choose…" required />
        </div>
        <div>
          <label className={label} htmlFor="variant-name">
            New model name
          </label>
          <input
            id="variant-name"
            className={input}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. llama3.2-long:3b"
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby="variant-name-problem"
            required
          />
          <p id="variant-name-problem" className="mt-1 text-xs text-bad">
            {nameProblem ?? ""}
          </p>
        </div>
        {NUMBERS.map((n) => (
          <div key={n.key}>
            <label className={label} htmlFor={`variant-${n.key}`}>
              {n.label}
            </label>
            <input
              id={`variant-${n.key}`}
              className={input}
              type="number"
              step={n.step}
              placeholder={n.placeholder}
              value={numbers[n.key] ?? ""}
              onChange={(e) => setNumbers({ ...numbers, [n.key]: e.target.value })}
            />
          </div>
        ))}
        <div className="sm:col-span-2">
          <label className={label} htmlFor="variant-system">
            System prompt
          </label>
          <textarea id="variant-system" className={input} rows={3} value={system} onChange={(e) => setSystem(e.target.value)} maxLength={16000} />
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <button type="submit" className={primaryButton} disabled={!canOperate || create.isPending || Boolean(nameProblem) || !from} title={canOperate ? undefined : "Needs the operator role"}>
            {create.isPending ? "Creating…" : "Create variant"}
          </button>
          <span className="text-xs text-muted">Shares every layer with its base: 0 B of weights new on disk. No files are uploaded.</span>
        </div>
      </form>
      {create.error ? (
        <p role="alert" className="mt-2 text-sm text-bad">
          {create.error.message}
        </p>
      ) : null}
      {done ? (
        <div role="status" className="mt-3 text-sm">
          <p>
            Created {done.model} from {done.from}: 0 B of weights new on disk ({formatBytes(done.settingsBytes)} of settings).
          </p>
          <YamlSnippet label="Declare this: paste into models.yaml in git" text={declareSnippet([done.model])} />
        </div>
      ) : null}
    </Panel>
  );
}
