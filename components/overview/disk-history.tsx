"use client";
// Disk usage over time: Prometheus when configured, else the console's own samples; says which.
import { useQuery } from "@tanstack/react-query";
import { Empty, Loading } from "@/components/ui/states";
import type { Series } from "./chart";
import { BytesOverTime } from "./lazy-chart";
import { overviewQueries } from "./queries";
import { WidgetError } from "./status";

const SERIES: Series[] = [
  { key: "usedBytes", label: "Used", token: "accent", fill: true },
  { key: "capacityBytes", label: "Capacity", token: "muted", fill: false },
];

export function DiskHistoryChart() {
  const q = useQuery(overviewQueries.diskHistory());
  if (q.isPending) return <Loading />;
  if (q.isError) return <WidgetError error={q.error} />;
  return (
    <>
      {q.data.points.length < 2 ? (
        <Empty>Not enough samples yet ({q.data.points.length}); the chart fills in as the console keeps sampling.</Empty>
      ) : (
        <BytesOverTime label="Cache volume usage over time" data={q.data.points.map((p) => ({ ...p }))} series={SERIES} />
      )}
      <p className="mt-1 text-xs text-muted">
        {q.data.note}
        {q.data.since ? ` since ${new Date(q.data.since).toLocaleString()}` : ""}
      </p>
    </>
  );
}
