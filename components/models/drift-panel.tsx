"use client";
// The declared model set (issue 14): parse problems with their line, the four drift classes, pins, Reconcile, and the
// YAML to paste into git for extras ("Declare these") and pins.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { button, dangerButton, input, primaryButton } from "@/components/ui/styles";
import { Panel } from "@/components/ui/panel";
import { ErrorState, Loading } from "@/components/ui/states";
import { declareSnippet } from "@/lib/shared/models/snippet";
import type { Drift, PinStatus, ReconcileResult } from "@/lib/shared/contracts/models-desired";
import { driftSummary } from "@/lib/shared/models/drift";
import { desiredQueries, useReconcile, useRetryPin } from "./desired-queries";
import { modelQueries } from "./queries";
import { YamlSnippet } from "./yaml-snippet";
import { OptionSelect } from "@/components/ui/option-select";

const CLASSES: { key: keyof Drift; title: string; hint: string }[] = [
  { key: "missing", title: "Missing", hint: "declared, not installed" },
  { key: "extra", title: "Extra", hint: "installed, not declared" },
  { key: "outdated", title: "Outdated", hint: "update available" },
  { key: "pinnedNotLoaded", title: "Pinned but not loaded", hint: "the console re-loads these" },
];

function PinLine({ pin, canOperate }: { pin: PinStatus; canOperate: boolean }) {
  const retry = useRetryPin();
  const text =
    pin.state === "loaded"
      ? "loaded, kept"
      : pin.state === "not_installed"
        ? "not installed"
        : pin.state === "failed"
          ? `gave up after ${pin.failures} tries: ${pin.lastError ?? "load failed"}`
          : pin.failures > 0
            ? `re-loading (try ${pin.failures + 1}): ${pin.lastError ?? ""}`
            : "re-loading";
  const tone = pin.state === "loaded" ? "text-ok" : pin.state === "failed" ? "text-bad" : "text-warn";
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-2 py-1">
      <span className="font-mono text-xs">{pin.model}</span>
      <span className="flex items-baseline gap-2">
        <span className={`text-xs ${tone}`}>{text}</span>
        {pin.state === "failed" && canOperate ? (
          <button type="button" className={button} disabled={retry.isPending} onClick={() => retry.mutate(pin.model)} aria-label={`Retry loading ${pin.model}`}>
            {retry.isPending ? "Retrying…" : "Retry"}
          </button>
        ) : null}
        {retry.data?.handedOver ? <span className="text-xs text-muted">handed to the leading replica</span> : null}
        {retry.error ? (
          <span role="alert" className="text-xs text-bad">
            {retry.error.message}
          </span>
        ) : null}
      </span>
    </li>
  );
}

function ReconcileOutcome({ result }: { result: ReconcileResult }) {
  return (
    <div role="status" className="mt-3 rounded border border-border bg-raised/40 px-3 py-2 text-sm">
      <p>
        {result.pulls.length ? `Pulling ${result.pulls.map((p) => p.model).join(", ")}.` : "Nothing to pull."}
        {result.deleted.length ? ` Deleted ${result.deleted.join(", ")}.` : ""}
      </p>
      {result.refused.map((r) => (
        <p key={r.model} className="text-bad">
          Not pulled: {r.model} — {r.reason}
        </p>
      ))}
      {result.keptExtras ? <p className="text-muted">Extras kept ({result.keptExtras.reason}): {result.keptExtras.models.join(", ")}</p> : null}
    </div>
  );
}

/** "Pin": the models.yaml entry that pins an installed model (the console reads pins from git only). */
function PinSnippet({ candidates }: { candidates: string[] }) {
  const [model, setModel] = useState("");
  if (candidates.length === 0) return null;
  return (
    <div className="mt-3">
      <label className="mb-1 block text-xs font-medium text-muted" htmlFor="pin-model">
        Pin an installed model (keep it loaded)
      </label>
      <OptionSelect id="pin-model" className={input} value={model} onChange={setModel} options={candidates} placeholder="Choose…" />
      {model ? <YamlSnippet label={`Pin ${model}: paste into models.yaml in git`} text={declareSnippet([model], { pin: true })} /> : null}
    </div>
  );
}

/** Admin only, with prune: true — type every extra's name to delete it. */
function PruneConfirm({ extras, onDone }: { extras: string[]; onDone: (r: ReconcileResult) => void }) {
  const [typed, setTyped] = useState("");
  const reconcile = useReconcile();
  const names = typed.split(/[\s,]+/).filter(Boolean);
  const complete = extras.every((e) => names.includes(e)) && names.every((n) => extras.includes(n));
  return (
    <div className="mt-3 rounded border border-bad/40 p-3">
      <label className="mb-1 block text-xs font-medium text-muted" htmlFor="prune-confirm">
        To delete the extras, type each name: {extras.join(", ")}
      </label>
      <input id="prune-confirm" className={input} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      <button
        type="button"
        className={`${dangerButton} mt-2`}
        disabled={!complete || reconcile.isPending}
        onClick={() => reconcile.mutate({ prune: true, confirm: names }, { onSuccess: onDone })}
      >
        Reconcile and delete {extras.length} extra{extras.length === 1 ? "" : "s"}
      </button>
      {reconcile.error ? <p role="alert" className="mt-2 text-sm text-bad">{reconcile.error.message}</p> : null}
    </div>
  );
}

export function DriftPanel({ canOperate, canAdmin }: { canOperate: boolean; canAdmin: boolean }) {
  const q = useQuery(desiredQueries.desired());
  const list = useQuery(modelQueries.list());
  const reconcile = useReconcile();
  const [result, setResult] = useState<ReconcileResult | undefined>(undefined);
  const [pruning, setPruning] = useState(false);
  const d = q.data;
  const drift = d?.drift ?? null;
  const set = d?.declared.set ?? null;
  return (
    <Panel
      title="Declared model set"
      actions={
        d?.declared.status === "ok" ? (
          <button
            type="button"
            className={primaryButton}
            disabled={!canOperate || reconcile.isPending || !drift || drift.missing.length === 0}
            title={!canOperate ? "Needs the operator role" : drift?.missing.length === 0 ? "Nothing declared is missing" : undefined}
            onClick={() => reconcile.mutate({ prune: false }, { onSuccess: setResult })}
          >
            {reconcile.isPending ? "Reconciling…" : "Reconcile"}
          </button>
        ) : null
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState title="Console unreachable" reason={q.error.message} />
      ) : d?.declared.status === "invalid" ? (
        <div role="alert" className="rounded border border-bad/50 bg-bad/10 px-3 py-2 text-sm">
          <p className="font-medium text-bad">
            {d.declared.configMap}/models.yaml, line {d.declared.problem?.line}: {d.declared.problem?.message}
          </p>
          <p className="mt-1 text-muted">Nothing is pulled or deleted until the file parses. Fix it in git.</p>
        </div>
      ) : d?.declared.status === "absent" ? (
        <p className="text-sm text-muted">
          No ConfigMap <code>{d.declared.configMap}</code> in the namespace, so nothing is declared. Generate it from a <code>models.yaml</code> in
          git (see the README) to see drift here.
        </p>
      ) : d?.declared.status === "error" || d?.declared.status === "loading" ? (
        <ErrorState title="The declared set cannot be read" reason={d.declared.error ?? "not read yet"} />
      ) : (
        <>
          <p className="mb-3 text-sm">
            <span className="font-medium">{drift ? driftSummary(drift) : (d?.driftProblem ?? "Drift unknown")}</span>
            <span className="text-muted">
              {" "}
              · {set?.models.length ?? 0} declared · prune {set?.prune ? "on" : "off"} · auto-reconcile {d?.reconcile}
            </span>
          </p>
          {drift ? (
            <dl className="grid gap-3 sm:grid-cols-2" aria-label="Drift">
              {CLASSES.map((c) => (
                <div key={c.key} className="rounded border border-border p-2">
                  <dt className="text-xs text-muted">
                    <span className="font-medium text-fg">
                      {c.title} ({drift[c.key].length})
                    </span>{" "}
                    — {c.hint}
                  </dt>
                  <dd className="mt-1 font-mono text-xs">{drift[c.key].length ? drift[c.key].join(", ") : "none"}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {drift && drift.extra.length > 0 ? (
            <>
              <YamlSnippet label="Declare these: paste into models.yaml in git" text={declareSnippet(drift.extra)} />
              {set?.prune && canAdmin ? (
                pruning ? (
                  <PruneConfirm extras={drift.extra} onDone={(r) => (setResult(r), setPruning(false))} />
                ) : (
                  <button type="button" className={`${button} mt-2`} onClick={() => setPruning(true)}>
                    Delete extras…
                  </button>
                )
              ) : null}
            </>
          ) : null}
          {d && d.pins.length > 0 ? (
            <div className="mt-3">
              <h3 className="text-xs font-medium text-muted">Pinned models</h3>
              <ul aria-label="Pinned models" className="divide-y divide-border">
                {d.pins.map((p) => (
                  <PinLine key={p.model} pin={p} canOperate={canOperate} />
                ))}
              </ul>
            </div>
          ) : null}
          <PinSnippet
            candidates={(list.data?.models.ok ? list.data.models.data.map((m) => m.name) : []).filter(
              (m) => !d?.pins.some((p) => p.model.toLowerCase() === m.toLowerCase()),
            )}
          />
          {reconcile.error ? (
            <p role="alert" className="mt-2 text-sm text-bad">
              {reconcile.error.message}
            </p>
          ) : null}
          {result ? <ReconcileOutcome result={result} /> : null}
        </>
      )}
    </Panel>
  );
}
