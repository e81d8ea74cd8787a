"use client";
// Disk usage over time: Prometheus when configured, else the console's own samples; says which.
import { useQuery } from "@tanstack/react-query";
import { QueryState } from "@/components/ui/query-panel";
import { Empty } from "@/components/ui/states";
import type { Series } from "./chart";
import { BytesOverTime } from "./lazy-chart";
import { overviewQueries } from "./queries";

const SERIES: Series[] = [
  { key: "usedBytes", label: "Used", token: "accent", fill: true },
  { key: "capacityBytes", label: "Capacity", token: "muted", fill: false },
];

export function DiskHistoryChart() {
  const q = useQuery(overviewQueries.diskHistory());
  return (
    <QueryState query={q}>
      {(d) => (
        <>
          {d.points.length < 2 ? (
            <Empty>Not enough samples yet ({d.points.length}); the chart fills in as the console keeps sampling.</Empty>
          ) : (
            <BytesOverTime label="Cache volume usage over time" data={d.points.map((p) => ({ ...p }))} series={SERIES} />
          )}
          <p className="mt-1 text-xs text-muted">
            {d.note}
            {d.since ? ` since ${new Date(d.since).toLocaleString()}` : ""}
          </p>
        </>
      )}
    </QueryState>
  );
}
