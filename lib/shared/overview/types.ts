// What the Overview's data routes answer: the shapes are the routes' contracts (lib/shared/contracts/overview.ts), shared by
// the server and the browser; this module names them for the Overview's server code.
export type { Settled } from "../contracts/error";
export type { Freshness, Level, LoadedModelSummary, RestartRecord, Signal } from "../contracts/shared";
export type {
  AccessResponse,
  DiskHistory,
  DiskResponse,
  EventsResponse,
  HealthResponse,
  LoadedResponse,
  PodRow,
  PodsResponse,
  ProbeResult,
  RolloutState,
  RouteSummary,
  ServiceCardField,
  ServiceCardResponse,
  SpaceBreakdown,
  WarningEvent,
} from "../contracts/overview";
