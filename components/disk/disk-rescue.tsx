"use client";
// The Overview's disk rescue: the fill forecast, reclaim, and — once usage passes the warning threshold or a resize runs —
// growing the volume.
import { useQuery } from "@tanstack/react-query";
import { overviewQueries } from "@/components/overview/queries";
import { Panel } from "@/components/ui/panel";
import { ExpandVolume } from "./expand-panel";
import { ReclaimPanel } from "./reclaim-panel";

function Forecast() {
  const q = useQuery(overviewQueries.disk());
  const f = q.data?.forecast;
  if (!f) return null;
  const tone = f.state === "filling" && (f.daysToFull ?? Infinity) < 7 ? "text-warn" : "text-muted";
  return (
    <p aria-label="Fill forecast" className={`text-sm ${tone}`}>
      {f.summary} <span className="text-2xs text-muted">({f.source})</span>
    </p>
  );
}

export function DiskRescue({ canAdmin }: { canAdmin: boolean }) {
  const disk = useQuery(overviewQueries.disk());
  const grow = disk.data && (disk.data.level !== "ok" || disk.data.resize !== null);
  return (
    <div className="space-y-4">
      <ReclaimPanel canAdmin={canAdmin} />
      <Panel title="Grow the volume">
        <div className="space-y-3">
          <Forecast />
          {grow ? <ExpandVolume pendingBytes={0} canAdmin={canAdmin} /> : <p className="text-sm text-muted">Below the warning threshold: nothing to grow. A pull that does not fit offers it in its pre-flight.</p>}
        </div>
      </Panel>
    </div>
  );
}
