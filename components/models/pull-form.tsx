"use client";
// Pull a model: the name is checked as you type (same grammar and allow-list as the server), then the space pre-flight runs.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { NameField } from "@/components/ui/name-field";
import { primaryButton } from "@/components/ui/styles";
import { Panel } from "@/components/ui/panel";
import { ErrorState, Loading } from "@/components/ui/states";
import { checkPullName } from "@/lib/shared/ollama/names";
import { PreflightResult } from "./preflight-result";
import { modelQueries, useStartPull } from "./queries";

const DEBOUNCE_MS = 500;
const OLLAMA_LIBRARY = "registry.ollama.ai";

/** Example names the allow-list accepts: library names when Ollama's registry is allowed, `host/org/model:tag` for others. */
export function placeholderFor(registries: string[] | undefined): string {
  if (!registries) return "";
  const examples = registries.map((host) => (host === OLLAMA_LIBRARY ? "llama3.2:3b, qwen2.5" : `${host}/org/model:tag`));
  return examples.slice(0, 2).join(", ");
}

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function PullForm({ registries, canOperate, canAdmin = false }: { registries: string[] | undefined; canOperate: boolean; canAdmin?: boolean }) {
  const [name, setName] = useState("");
  // The confirmation belongs to one model name: typing another name asks again.
  const [overrideFor, setOverrideFor] = useState<string | undefined>(undefined);
  const typed = name.trim();
  const check = typed && registries ? checkPullName(typed, registries) : undefined;
  const wanted = useDebounced(check?.ok ? check.display : "", DEBOUNCE_MS);
  const preflight = useQuery({ ...modelQueries.preflight(wanted), enabled: wanted !== "" && check?.ok === true });
  const start = useStartPull();

  const p = check?.ok && preflight.data?.model === check.display ? preflight.data : undefined;
  const override = p !== undefined && overrideFor === p.model;
  // A model the registry does not have cannot be pulled at all: no override is offered.
  const missing = p?.missing === true;
  const needsOverride = p !== undefined && !missing && (p.check === "unavailable" || p.fit?.verdict === "does_not_fit");
  const blocked = !canOperate
    ? "Needs the operator role"
    : !check?.ok
      ? "Enter a valid model name"
      : !p
        ? "Waiting for the space check"
        : missing
          ? `${p.model} is ${p.problem?.split(":")[0] ?? "not found"}`
          : needsOverride && !override
          ? "Confirm below to pull anyway"
          : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (blocked || !check?.ok) return;
    start.mutate(
      { model: check.display, override },
      {
        onSuccess: ({ job, joined }) => {
          toast.success(joined ? `Joined the running pull of ${job.model}` : `Pulling ${job.model}`, {
            description: "Progress continues on the server even if you leave this page.",
          });
          setName("");
        },
        // The server re-checked and refused (space changed since): show the fresh verdict.
        onError: () => void preflight.refetch(),
      },
    );
  }

  return (
    <Panel title="Pull a model">
      <form onSubmit={submit} className="space-y-3" noValidate>
        <NameField
          label="Model name"
          value={name}
          onChange={setName}
          placeholder={placeholderFor(registries)}
          problem={check && !check.ok ? check.reason : undefined}
          hint={check?.ok ? `Pulls ${check.display} from ${check.ref.host}` : `[registry/][namespace/]model[:tag]; allowed registries: ${registries?.join(", ") ?? "…"}`}
        />
        {check?.ok && !p && preflight.isFetching ? <Loading label="Checking the space…" /> : null}
        {check?.ok && preflight.isError && wanted === check.display ? <ErrorState title="Space check failed" reason={preflight.error.message} /> : null}
        {p ? <PreflightResult p={p} canAdmin={canAdmin} /> : null}
        {needsOverride ? (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5" checked={override} onChange={(e) => setOverrideFor(e.target.checked ? p?.model : undefined)} />
            <span>
              {p?.check === "unavailable"
                ? "Pull without a space check (recorded in the audit trail)"
                : "Pull anyway although it does not fit; it may fail with “no space left on device” (recorded in the audit trail)"}
            </span>
          </label>
        ) : null}
        {start.isError ? <ErrorState title="Pull not started" reason={start.error.message} /> : null}
        <div className="flex justify-end">
          <button type="submit" className={primaryButton} disabled={blocked !== undefined || start.isPending} title={blocked}>
            {start.isPending ? "Starting…" : "Pull"}
          </button>
        </div>
      </form>
    </Panel>
  );
}
