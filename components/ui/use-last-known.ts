"use client";
// Keeps the last successful part of a partial answer on screen while that part fails, with the reason and since when.
import { useState } from "react";
import type { Settled } from "@/lib/shared/contracts/error";

export interface LastKnown<T> {
  /** The current data, else the last data seen (undefined when there never was any). */
  data: T | undefined;
  /** Why the current answer has no data; set while `data` is stale. */
  error: { message: string } | undefined;
  /** When the data was last current (ms). */
  since: number | undefined;
}

/**
 * `settled` as it arrives from the server, `at` when it arrived (React Query's `dataUpdatedAt`); remembers the last
 * `ok` data for as long as the component lives.
 */
export function useLastKnown<T>(settled: Settled<T> | undefined, at: number): LastKnown<T> {
  const [kept, setKept] = useState<{ data: T; at: number } | undefined>(undefined);
  if (settled?.ok && kept?.data !== settled.data) setKept({ data: settled.data, at });
  if (!settled) return { data: kept?.data, error: undefined, since: kept?.at };
  if (settled.ok) return { data: settled.data, error: undefined, since: undefined };
  return { data: kept?.data, error: settled.error, since: kept?.at };
}
