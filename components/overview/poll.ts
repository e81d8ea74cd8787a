// How often each Overview widget asks the server, per data route (ms). The benchmark's simulated viewers use the same cadence.

export const OVERVIEW_POLL_MS = {
  health: 3_000,
  pods: 3_000,
  events: 3_000,
  loaded: 3_000,
  access: 5_000,
  disk: 5_000,
  "service-card": 15_000,
  "disk-history": 30_000,
} as const;

export type OverviewRoute = keyof typeof OVERVIEW_POLL_MS;
