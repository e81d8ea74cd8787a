"use client";
// The health strip: Deployment, Ollama API, model cache, disk headroom and backups — green/amber/red with the reason in
// words. Whoever reads only the strip sees every red and amber the page holds.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ExposureStatus } from "@/components/exposure/exposure-status";
import { snapshotsSummaryQuery } from "@/components/snapshots/queries";
import { TONE_TEXT } from "@/components/ui/tone";
import { useNow } from "@/components/ui/use-now";
import { PanelBoundary } from "@/components/ui/boundary";
import { QueryState } from "@/components/ui/query-panel";
import { StaleNote } from "@/components/ui/states";
import { backupState } from "@/lib/shared/overview/backup";
import { diskDetail, diskSignal } from "@/lib/shared/overview/disk-signal";
import type { Freshness, Signal } from "@/lib/shared/contracts/shared";
import { overviewQueries } from "./queries";
import { freshnessStale, LevelDot } from "./status";

function Indicator({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label} className="min-w-0 rounded-lg border border-border bg-panel px-3 py-2.5 sm:px-4 sm:py-3">
      <h2 className="text-xs font-medium uppercase tracking-wide text-muted">{label}</h2>
      <div className="mt-1">
        <PanelBoundary bodyClassName="">{children}</PanelBoundary>
      </div>
    </section>
  );
}

function Verdict({ signal, freshness, extra, detail }: { signal: Signal; freshness?: Freshness; extra?: ReactNode; detail?: string }) {
  return (
    <>
      {freshness ? <StaleNote stale={freshnessStale(freshness)} /> : null}
      <p className={`flex flex-wrap items-center gap-x-2 text-base font-semibold ${TONE_TEXT[signal.level]}`}>
        <LevelDot level={signal.level} />
        {signal.title}
        {extra}
      </p>
      {/* On a phone the strip stays short (three lines a reason, full text on hover and in the widgets below). */}
      <p className="mt-0.5 break-words text-sm text-muted max-sm:line-clamp-3" title={signal.reason}>
        {signal.reason}
      </p>
      {detail ? <p className="mt-0.5 break-words font-mono text-2xs text-muted">{detail}</p> : null}
    </>
  );
}

function DiskIndicator() {
  const q = useQuery(overviewQueries.disk());
  return (
    <Indicator label="Disk">
      <QueryState query={q}>{(d) => <Verdict signal={diskSignal(d)} detail={diskDetail(d)} />}</QueryState>
    </Indicator>
  );
}

function BackupIndicator() {
  const snapshots = useQuery(snapshotsSummaryQuery());
  const card = useQuery(overviewQueries.serviceCard());
  const now = useNow();
  const rpo = card.data?.fields.find((f) => f.key === "rpo")?.value;
  return (
    <Indicator label="Backups">
      <QueryState query={snapshots}>{(d) => <Verdict signal={backupState(d.snapshots, rpo, now)} />}</QueryState>
    </Indicator>
  );
}

/** Five indicators, each showing its own error if it cannot be determined, then the exposure verdict of Ollama's public
 * route (red when anyone on the internet can manage models) and any advisory affecting the running version. */
export function HealthStrip() {
  const q = useQuery(overviewQueries.health());
  return (
    <div className="mb-4 space-y-2">
      <div className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-3 xl:grid-cols-5">
        <Indicator label="Deployment">
          <QueryState query={q} failure={(d) => (d.deployment.ok ? undefined : d.deployment.error)}>
            {(d) => (d.deployment.ok ? <Verdict signal={d.deployment.data} freshness={d.deployment.data.freshness} detail={d.deployment.data.detail} /> : null)}
          </QueryState>
        </Indicator>
        <Indicator label="Ollama API">
          <QueryState query={q}>
            {(d) => <Verdict signal={d.api} detail={d.api.detail} extra={d.api.version ? <span className="text-xs font-normal text-muted">v{d.api.version}</span> : null} />}
          </QueryState>
        </Indicator>
        <Indicator label="Model cache">
          <QueryState query={q} failure={(d) => (d.cache.ok ? undefined : d.cache.error)}>
            {(d) => (d.cache.ok ? <Verdict signal={d.cache.data} freshness={d.cache.data.freshness} /> : null)}
          </QueryState>
        </Indicator>
        <DiskIndicator />
        <BackupIndicator />
      </div>
      <ExposureStatus />
    </div>
  );
}
