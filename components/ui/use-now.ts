"use client";
// A clock that re-renders its user every few seconds, so ages and "no controller after 1m" stay current between fetches.
import { useEffect, useState } from "react";

/** Date.now(), refreshed every `everyMs`. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
