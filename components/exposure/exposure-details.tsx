"use client";
// The exposure check on the Access path: verdict, findings with their evidence, the Middlewares guarding each route, the
// version advisory, and — when the route is open — the Kustomize fix to copy into the GitOps repository.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CodeBlock } from "@/components/snapshots/patch-view";
import { QueryState } from "@/components/ui/query-panel";
import { exposureFix, type FixAuth } from "@/lib/shared/exposure/fix";
import type { ExposureReport } from "@/lib/shared/contracts/exposure";
import { exposureQuery, LEVEL_STYLE } from "./queries";

function Fix({ report }: { report: ExposureReport }) {
  const [auth, setAuth] = useState<FixAuth>("forwardAuth");
  const host = report.externalUrl ? new URL(report.externalUrl).hostname : report.routes[0]?.hosts[0];
  const fix = exposureFix(host, auth, undefined);
  return (
    <div className="space-y-2">
      <p className="text-xs text-muted">
        Expose only the inference paths, behind authentication: add these entries to <span className="break-all font-mono">{fix.kustomizationPath}</span> (replacing the
        open route) and let your GitOps controller apply them.
      </p>
      <fieldset className="flex gap-3 text-xs">
        <legend className="sr-only">Authentication</legend>
        {(["forwardAuth", "basicAuth"] as const).map((a) => (
          <label key={a} className="flex items-center gap-1">
            <input type="radio" name="exposure-auth" checked={auth === a} onChange={() => setAuth(a)} />
            {a === "forwardAuth" ? "API keys (forwardAuth to this console)" : "basicAuth (htpasswd Secret)"}
          </label>
        ))}
      </fieldset>
      <CodeBlock path={fix.kustomizationPath} text={fix.kustomization} what="the kustomization entries" />
      <ul className="list-disc pl-5 text-xs text-muted">
        {fix.steps.map((s) => (
          <li key={s} className="break-all font-mono">{s}</li>
        ))}
      </ul>
    </div>
  );
}

function Report({ r }: { r: ExposureReport }) {
  return (
    <div className="space-y-3 text-sm">
      <p className={`rounded border px-2 py-1 font-medium ${LEVEL_STYLE[r.level]}`}>{r.headline}</p>
      {r.advisory?.affecting.length ? (
        <div className={`rounded border px-2 py-1 ${LEVEL_STYLE.red}`}>
          <p className="font-medium">Ollama {r.advisory.version} is affected: upgrade to {r.advisory.upgradeTo}</p>
          <ul className="mt-1 space-y-0.5 text-xs">
            {r.advisory.affecting.map((a) => (
              <li key={a.id}>
                <a className="underline" href={a.source} target="_blank" rel="noreferrer">{a.id}</a> (fixed in {a.fixed}): {a.summary}
              </li>
            ))}
          </ul>
        </div>
      ) : r.advisory && r.advisory.comparable ? (
        <p className="text-xs text-muted">Ollama {r.advisory.version}: no known advisory applies.</p>
      ) : null}
      {r.findings.length ? (
        <ul className="list-disc space-y-0.5 pl-5 font-mono text-xs">
          {r.findings.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      {r.middlewareError ? <p className="text-xs text-muted">Middlewares not read: {r.middlewareError}</p> : null}
      {!r.externalUrl ? <p className="text-xs text-muted">Set EXTERNAL_URL to probe what answers from outside (without credentials, changing nothing).</p> : null}
      {r.level === "red" || r.level === "amber" ? <Fix report={r} /> : null}
      <p className="text-xs text-muted">Checked {new Date(r.checkedAt).toLocaleTimeString()}; management paths are probed only with malformed requests Ollama rejects.</p>
    </div>
  );
}

/** The exposure section of the Access path panel. */
export function ExposureDetails() {
  const q = useQuery(exposureQuery());
  return (
    <section aria-label="Exposure" className="mt-4 border-t border-border pt-3">
      <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-muted">Exposure</h3>
      <QueryState query={q} errorTitle="Exposure check failed">
        {(r) => <Report r={r} />}
      </QueryState>
    </section>
  );
}
