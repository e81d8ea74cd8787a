"use client";
// Disk headroom: capacity / used / free, a gauge with the warn and critical thresholds, the source, and what uses the space.
import { useQuery } from "@tanstack/react-query";
import { TONE_TEXT } from "@/components/ui/tone";
import { Panel } from "@/components/ui/panel";
import { QueryState } from "@/components/ui/query-panel";
import { Empty } from "@/components/ui/states";
import { formatBytes, formatPercent } from "@/lib/shared/format";
import type { DiskResponse, SpaceBreakdown } from "@/lib/shared/contracts/overview";
import type { Level } from "@/lib/shared/contracts/shared";
import type { Token } from "./chart";
import { BytesBars } from "./lazy-chart";
import { DiskHistoryChart } from "./disk-history";
import { overviewQueries } from "./queries";

const LEVEL: Record<DiskResponse["level"], Level> = { ok: "ok", warn: "warn", critical: "bad" };
const BAR: Record<Level, string> = { ok: "bg-ok", warn: "bg-warn", bad: "bg-bad" };
const VERDICT: Record<DiskResponse["level"], string> = { ok: "Enough room", warn: "Getting full", critical: "Critical" };
const SOURCE: Record<DiskResponse["source"], string> = {
  agent: "cache agent",
  prometheus: "Prometheus",
  kubelet: "kubelet summary",
  estimate: "estimate",
};
const SLICE_TOKEN: Record<SpaceBreakdown["slices"][number]["kind"], Token> = {
  model: "accent",
  shared: "info",
  partial: "warn",
  unreferenced: "bad",
  other: "muted",
  outside: "muted",
};

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular">{value}</dd>
    </div>
  );
}

function Gauge({ d }: { d: DiskResponse }) {
  const level = LEVEL[d.level];
  return (
    <div className="relative mt-3 h-3 w-full rounded-full bg-raised">
      <div
        role="meter"
        aria-label="Cache volume used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(d.usedRatio * 1000) / 10}
        aria-valuetext={`${formatPercent(d.usedRatio)} used`}
        className={`h-3 rounded-full ${BAR[level]}`}
        style={{ width: `${Math.min(100, d.usedRatio * 100)}%` }}
      />
      {[d.thresholds.warnPercent, d.thresholds.criticalPercent].map((p) => (
        <span key={p} aria-hidden title={`${p} %`} className="absolute -top-1 h-5 w-px bg-fg/60" style={{ left: `${p}%` }} />
      ))}
    </div>
  );
}

function Breakdown({ d }: { d: DiskResponse }) {
  const { slices, approximate } = d.breakdown;
  if (slices.length === 0) return <Empty>Nothing to break down{d.source === "estimate" ? " (Ollama did not list any model)" : ""}.</Empty>;
  const bytesOf = (kind: string) => slices.filter((s) => s.kind === kind).reduce((n, s) => n + s.bytes, 0);
  const models = slices.filter((s) => s.kind === "model").length;
  return (
    <>
      <p className="mb-2 text-xs text-muted">
        {models} model{models === 1 ? "" : "s"} · shared layers {formatBytes(bytesOf("shared"))} · partial downloads {formatBytes(bytesOf("partial"))} · unreferenced blobs{" "}
        {formatBytes(bytesOf("unreferenced"))}
        {approximate ? " · approximate: without the cache agent, layers shared by several models are counted once per model" : ""}
      </p>
      <BytesBars label="What uses the space" rows={slices.map((s) => ({ label: s.label, bytes: s.bytes, token: SLICE_TOKEN[s.kind] }))} />
    </>
  );
}

function Headroom({ d }: { d: DiskResponse }) {
  return (
    <>
      <p className={`text-sm font-semibold ${TONE_TEXT[LEVEL[d.level]]}`}>
        {VERDICT[d.level]}: {formatPercent(d.usedRatio)} used, {formatBytes(d.availableBytes)} free
        <span className="font-normal text-muted">
          {" "}
          (warn at {d.thresholds.warnPercent} %, critical at {d.thresholds.criticalPercent} %)
        </span>
      </p>
      {d.capacityWarning ? (
        <p role="status" className="mt-2 rounded border border-warn/40 bg-warn/10 px-2 py-1 text-xs text-warn">
          {d.capacityWarning}
        </p>
      ) : null}
      <Gauge d={d} />
      <dl className="mt-3 grid grid-cols-3 gap-3">
        <Stat label="Capacity" value={formatBytes(d.capacityBytes)} />
        <Stat label="Used" value={formatBytes(d.usedBytes)} />
        <Stat label="Free" value={formatBytes(d.availableBytes)} />
      </dl>
      <p className="mt-2 text-xs text-muted">
        {d.pvcName ? `PVC ${d.pvcName} · ` : ""}
        {d.sourceNote}
      </p>
      <h3 className="mb-1 mt-4 text-xs font-semibold uppercase tracking-wide text-muted">What uses the space</h3>
      <Breakdown d={d} />
    </>
  );
}

export function DiskHeadroom() {
  const q = useQuery(overviewQueries.disk());
  const source = q.data ? <span className="text-xs text-muted">Source: {SOURCE[q.data.source]}</span> : null;
  return (
    <Panel title="Disk headroom" actions={source}>
      <QueryState query={q}>{(d) => <Headroom d={d} />}</QueryState>
      <h3 className="mb-1 mt-4 text-xs font-semibold uppercase tracking-wide text-muted">Usage over time</h3>
      <DiskHistoryChart />
    </Panel>
  );
}
