"use client";
// The chart library is the largest piece of the Overview (≈130 kB gzipped for two charts): it loads after the page and
// its data, so the strip and every number show first. Same components as ./chart, with a placeholder of the same height.
import dynamic from "next/dynamic";

function Placeholder({ height }: { height: number }) {
  return <div aria-hidden className="w-full animate-pulse rounded bg-raised" style={{ height }} />;
}

export const BytesOverTime = dynamic(() => import("./chart").then((m) => m.BytesOverTime), { ssr: false, loading: () => <Placeholder height={192} /> });
export const BytesBars = dynamic(() => import("./chart").then((m) => m.BytesBars), { ssr: false, loading: () => <Placeholder height={120} /> });
