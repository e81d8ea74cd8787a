"use client";
// The one chart wrapper of the Overview: series are data (key, label, palette token), colours come from CSS variables.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { binaryTicks, formatBytes } from "@/lib/shared/format";

/** A palette token from tailwind.config.ts (bg panel raised border fg muted accent ok warn bad info). */
export type Token = "accent" | "ok" | "warn" | "bad" | "info" | "muted";

export interface Series {
  key: string;
  label: string;
  token: Token;
  /** Filled area or a plain line (e.g. a capacity limit). */
  fill: boolean;
}

const color = (token: Token) => `rgb(var(--${token}))`;
const axis = { stroke: "rgb(var(--muted))", fontSize: 11, tickLine: false, axisLine: false } as const;
const tooltipStyle = { background: "rgb(var(--raised))", border: "1px solid rgb(var(--border))", borderRadius: 6, fontSize: 12 } as const;

/** Clock ticks with seconds when the whole series spans less than an hour. */
function timeTick(data: { t?: unknown }[]): (t: string) => string {
  const span = Date.parse(String(data.at(-1)?.t)) - Date.parse(String(data[0]?.t));
  const options: Intl.DateTimeFormatOptions = span < 3_600_000 ? { hour: "2-digit", minute: "2-digit", second: "2-digit" } : { hour: "2-digit", minute: "2-digit" };
  return (t) => new Date(t).toLocaleTimeString([], options);
}

/** Bytes over time, one area or line per series. */
export function BytesOverTime({ data, series, label }: { data: Record<string, number | string>[]; series: Series[]; label: string }) {
  // Round binary sizes on the axis (25 GiB, 50 GiB…), not recharts' decimal steps (27.9 GiB, 55.9 GiB…).
  const ticks = binaryTicks(Math.max(0, ...data.flatMap((d) => series.map((s) => Number(d[s.key]) || 0))));
  return (
    <div role="img" aria-label={label} className="h-48 w-full">
      <ResponsiveContainer>
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="rgb(var(--border))" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" {...axis} minTickGap={48} tickFormatter={timeTick(data)} />
          <YAxis {...axis} width={64} ticks={ticks} domain={[0, ticks.at(-1) ?? 0]} tickFormatter={(v: number) => formatBytes(v, 0)} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(t) => (typeof t === "string" ? new Date(t).toLocaleString() : "")} formatter={(v) => formatBytes(Number(v))} />
          {series.map((s) => (
            <Area
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="monotone"
              isAnimationActive={false}
              stroke={color(s.token)}
              fill={s.fill ? color(s.token) : "none"}
              fillOpacity={0.2}
              strokeDasharray={s.fill ? undefined : "4 3"}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Horizontal bars, one per row, each coloured by its token. */
export function BytesBars({ rows, label }: { rows: { label: string; bytes: number; token: Token }[]; label: string }) {
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height: Math.max(80, rows.length * 26 + 16) }}>
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="label" {...axis} width={150} />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fill: "rgb(var(--raised))" }} formatter={(v) => formatBytes(Number(v))} />
          <Bar dataKey="bytes" name="Size" isAnimationActive={false} radius={[0, 3, 3, 0]}>
            {rows.map((r) => (
              <Cell key={r.label} fill={color(r.token)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
