// What the pull routes answer (GET/POST /api/pulls, DELETE /api/pulls/:id, /api/pulls/preflight, the event stream).
import { z } from "zod";
import { PHASES } from "./enums";

/** One pull job as browsers see it. */
export const pullJob = z.object({
  id: z.string(),
  model: z.string(),
  state: z.enum(PHASES),
  /** Ollama's status line, or what the console is doing ("waiting for a free slot", "retrying in 4s"). */
  status: z.string(),
  completedBytes: z.number(),
  totalBytes: z.number(),
  bytesPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  attempt: z.number(),
  nextRetryAt: z.string().nullable(),
  error: z.string().nullable(),
  diskAtFailure: z.object({ availableBytes: z.number(), capacityBytes: z.number(), source: z.string(), time: z.string() }).nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  override: z.enum(["none", "does_not_fit", "unchecked"]),
  /** True when a restarted console picked this job up from the journal. */
  resumed: z.boolean(),
  cancelledBy: z.string().nullable(),
});
export type PullJob = z.infer<typeof pullJob>;

/** GET /api/pulls */
export const pullsResponse = z.object({
  jobs: z.array(pullJob),
  journalProblem: z.string().nullable(),
  registries: z.array(z.string()),
  concurrency: z.number(),
});
export type PullsResponse = z.infer<typeof pullsResponse>;

/** POST /api/pulls: the job started, or the running one for that model (`joined`). */
export const startedPull = z.object({ job: pullJob, joined: z.boolean() });
export type StartedPull = z.infer<typeof startedPull>;

/** Whether a download fits the free space (lib/features/disk/fit.ts). */
export const verdict = z.enum(["fits", "tight", "does_not_fit"]);
export type Verdict = z.infer<typeof verdict>;

export const fitReport = z.object({
  verdict,
  totalBytes: z.number(),
  presentBytes: z.number(),
  partialBytes: z.number(),
  downloadBytes: z.number(),
  capacityBytes: z.number(),
  availableBytes: z.number(),
  headroomBytes: z.number(),
  freeAfterBytes: z.number(),
  shortfallBytes: z.number(),
  suggestions: z.array(z.object({ name: z.string(), freesBytes: z.number() })),
  suggestionsCover: z.boolean(),
});
export type FitReport = z.infer<typeof fitReport>;

/** GET /api/pulls/preflight */
export const preflight = z.object({
  model: z.string(),
  /** "unavailable": the check could not be done; `problem` says why. */
  check: z.enum(["ok", "unavailable"]),
  /** The registry answered that the model does not exist. */
  missing: z.boolean().optional(),
  problem: z.string().nullable(),
  upToDate: z.boolean(),
  fit: fitReport.nullable(),
  disk: z.object({ source: z.string(), sourceNote: z.string() }).nullable(),
  suggestionsNote: z.string().nullable(),
  /** Set when the pull would take usage past DISK_WARN_PERCENT (issue 15), e.g. "After this pull the cache is 86 % full …". */
  thresholdWarning: z.string().nullable().optional(),
});
export type Preflight = z.infer<typeof preflight>;

/** Each event of GET /api/pulls/events: `snapshot` once on connect, then `job` per update. */
export const pullsSnapshot = z.object({ jobs: z.array(pullJob), journalProblem: z.string().nullable() });
export const pullEvent = z.union([pullsSnapshot, pullJob]);
export type PullsSnapshot = z.infer<typeof pullsSnapshot>;
