"use client";
// The health strip: Deployment healthy, Ollama API responsive, model cache mounted — green/amber/red with the reason in words.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Loading } from "@/components/ui/states";
import type { Freshness, Signal } from "@/lib/overview/types";
import { overviewQueries } from "./queries";
import { LEVEL_TEXT, LevelDot, StaleNote, WidgetError } from "./status";

function Indicator({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label} className="min-w-0 rounded-lg border border-border bg-panel px-4 py-3">
      <h2 className="text-xs font-medium uppercase tracking-wide text-muted">{label}</h2>
      <div className="mt-1.5">{children}</div>
    </section>
  );
}

function Verdict({ signal, freshness, extra }: { signal: Signal; freshness?: Freshness; extra?: ReactNode }) {
  return (
    <>
      {freshness ? <StaleNote freshness={freshness} /> : null}
      <p className={`flex items-center gap-2 text-base font-semibold ${LEVEL_TEXT[signal.level]}`}>
        <LevelDot level={signal.level} />
        {signal.title}
        {extra}
      </p>
      <p className="mt-0.5 break-words text-sm text-muted">{signal.reason}</p>
    </>
  );
}

/** Three indicators side by side; each shows its own error if it cannot be determined. */
export function HealthStrip() {
  const q = useQuery(overviewQueries.health());
  const body = (render: (data: NonNullable<typeof q.data>) => ReactNode) =>
    q.isPending ? <Loading /> : q.isError ? <WidgetError error={q.error} /> : render(q.data);
  return (
    <div className="mb-4 grid gap-3 md:grid-cols-3">
      <Indicator label="Deployment">
        {body((d) => (d.deployment.ok ? <Verdict signal={d.deployment.data} freshness={d.deployment.data.freshness} /> : <WidgetError error={d.deployment.error} />))}
      </Indicator>
      <Indicator label="Ollama API">
        {body((d) => (
          <Verdict signal={d.api} extra={d.api.version ? <span className="text-xs font-normal text-muted">v{d.api.version}</span> : null} />
        ))}
      </Indicator>
      <Indicator label="Model cache">
        {body((d) => (d.cache.ok ? <Verdict signal={d.cache.data} freshness={d.cache.data.freshness} /> : <WidgetError error={d.cache.error} />))}
      </Indicator>
    </div>
  );
}
