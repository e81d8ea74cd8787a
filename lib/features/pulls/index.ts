// The pulls door: one job manager per Ollama installation per process, resumed from the journal on first use; start and cancel.
import "server-only";
import { audit } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { config, type Target } from "../../doors/runtime/config";
import { diskUsage } from "../disk";
import { formatBytes } from "../../shared/format";
import { AppError } from "../../doors/runtime/errors";
import { log } from "../../doors/runtime/log";
import { registerWorkers } from "../../doors/runtime/caches";
import { processWide } from "../../doors/runtime/process-wide";
import { electionStarted, isLeader, whileLeader } from "../../doors/kubernetes/leader";
import { onShutdown } from "../../doors/runtime/shutdown";
import { ollamaForStream } from "../../doors/ollama/client";
import { invalidateOllama } from "../../doors/ollama/cache";
import { checkModelName } from "../../shared/ollama/names";
import type { PullJob } from "./job";
import { ConfigMapJournal, type Override } from "./journal";
import { PullManager, type ManagerOptions } from "./manager";
import { preflight, validPullName, type Preflight } from "./preflight";

export type { PullJob } from "./job";
export type { Preflight } from "./preflight";

type Actor = Pick<SessionUser, "id" | "name" | "role">;

const DISK_PROBE_TRIES = 15;
const AUDIT_ACTION = { succeeded: "ModelPullSucceeded", failed: "ModelPullFailed", cancelled: "ModelPullCancelled" } as const;

// The instrumentation bundle and the route bundles each load this module; the managers must be one per process.
const registry = processWide("pulls", () => new Map<string, PullManager>());
// A registry reset (tests) models a restarted process: the streams stop, the journal keeps the jobs, and the next
// `pulls()` creates a manager that resumes them.
registerWorkers("pull managers", () => {
  for (const manager of registry.values()) manager.shutdown();
  registry.clear();
});

// On SIGTERM the streams stop and the journal keeps the unfinished jobs: the next process resumes them, so the two never
// both finish (and audit) the same pull.
onShutdown("pulls", async () => {
  const managers = [...registry.values()];
  for (const manager of managers) manager.shutdown();
  await Promise.all(managers.map((m) => m.journalIdle()));
});

/** Whether the pull of `model` must send `insecure: true`: its registry host is one of `insecureRegistries` (lower case). */
export function pullsInsecurely(model: string, insecureRegistries: readonly string[]): boolean {
  const check = checkModelName(model);
  return check.ok && insecureRegistries.includes(check.ref.host.toLowerCase());
}

/** A new manager wired to Ollama, the journal, audit and disk, resuming the journal's jobs; `pulls()` keeps one per target. */
export function createManager(target: Target, overrides: Partial<ManagerOptions> = {}): PullManager {
  const cfg = config();
  const manager = new PullManager({
    journal: new ConfigMapJournal(target, cfg.pulls.journalConfigMap),
    concurrency: cfg.pulls.concurrency,
    // Ollama speaks plain HTTP to a registry only when told to (api-facts A2: /api/pull `insecure`); PULL_INSECURE_REGISTRIES says where.
    open: (model, signal) => ollamaForStream(target, signal).pull({ model, stream: true, insecure: pullsInsecurely(model, cfg.pulls.insecureRegistries) }),
    diskProbe: async (since) => {
      // diskUsage is cached for a few seconds: wait for a measurement taken after the failure (or settle for the last one).
      let d = await diskUsage(target);
      for (let i = 0; i < DISK_PROBE_TRIES && Date.parse(d.time) < since; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        d = await diskUsage(target);
      }
      return { availableBytes: d.availableBytes, capacityBytes: d.capacityBytes, source: d.source, time: d.time };
    },
    onFinish: (job, actor) => {
      invalidateOllama(target);
      audit(actor, {
        action: AUDIT_ACTION[job.state as keyof typeof AUDIT_ACTION],
        subject: job.model,
        outcome: job.state === "failed" ? "failure" : "success",
        ...(job.error ? { message: job.error } : {}),
        details: { jobId: job.id, override: job.override, attempts: job.attempt, resumed: job.resumed },
      });
    },
    ...overrides,
    // With leader election (several replicas) only the leader runs pulls; the others follow the journal.
    leading: overrides.leading ?? (!electionStarted() || isLeader()),
  });
  if (!electionStarted()) {
    manager.resume().catch((err: unknown) => log.warn("could not resume pulls from the journal", { err }));
    return manager;
  }
  if (!manager.leading) manager.follow();
  // leader-only (issue 19): executing pull jobs and resuming the journal.
  whileLeader(`pulls|${targetKey(target)}`, (signal) => {
    manager.lead(signal).catch((err: unknown) => log.warn("could not resume pulls from the journal", { err }));
  });
  return manager;
}

function targetKey(target: Target): string {
  return `${target.context ?? ""}|${target.namespace}|${target.ollamaUrl}`;
}

/** The target's pull manager; the first call resumes unfinished pulls recorded in the journal. */
export function pulls(target: Target): PullManager {
  const key = targetKey(target);
  let manager = registry.get(key);
  if (!manager) {
    manager = createManager(target);
    registry.set(key, manager);
  }
  return manager;
}

/** Called once at server start: resumes the journal's unfinished pulls without waiting for someone to open the Models page. */
export function resumePullsAtStart(): void {
  pulls(config().target);
}

function refusal(p: Preflight): AppError | undefined {
  if (p.check === "unavailable") {
    return new AppError("conflict", `${p.problem ?? "The space check could not be done"}. Confirm to pull without a space check.`, "console", {
      details: { preflight: p },
    });
  }
  if (p.fit?.verdict !== "does_not_fit") return undefined;
  const examples = p.fit.suggestions.map((s) => `${s.name} (${formatBytes(s.freesBytes)})`).join(", ");
  const hint = examples ? `, for example by deleting ${examples}` : "";
  return new AppError(
    "conflict",
    `${p.model} does not fit: ${formatBytes(p.fit.downloadBytes)} to download, ${formatBytes(p.fit.availableBytes)} free. Free ${formatBytes(p.fit.shortfallBytes)}${hint}, or confirm to pull anyway.`,
    "console",
    { details: { preflight: p } },
  );
}

/** Starts (or joins) a pull after the pre-flight; "does not fit" and "could not check" need `override`. Audited. */
export async function startPull(target: Target, user: Actor, input: { model: string; override: boolean }): Promise<{ job: PullJob; joined: boolean }> {
  const name = validPullName(input.model);
  const manager = pulls(target);
  const running = manager.activeFor(name.display);
  if (running) return { job: running, joined: true };
  const check = await preflight(target, name.display);
  const refused = refusal(check);
  if (refused && !input.override) {
    audit(user, { action: "ModelPullStarted", subject: name.display, outcome: "failure", message: refused.message });
    throw refused;
  }
  const override: Override = !refused ? "none" : check.check === "unavailable" ? "unchecked" : "does_not_fit";
  const started = await manager.submit({ model: name.display, user, override, expectedBytes: check.fit?.totalBytes ?? 0 });
  if (!started.joined) {
    audit(user, {
      action: "ModelPullStarted",
      subject: name.display,
      outcome: "success",
      ...(override !== "none" ? { message: `pre-flight overridden (${override === "unchecked" ? "space not checked" : "does not fit"})` } : {}),
      details: { jobId: started.job.id, override, downloadBytes: check.fit?.downloadBytes, verdict: check.fit?.verdict },
    });
  }
  return started;
}

/** Cancels a pull job (Ollama stops once no client waits; the partial download stays). Audited via the job's end. */
export function cancelPull(target: Target, user: Actor, id: string): Promise<PullJob> {
  return pulls(target).cancel(id, user);
}
