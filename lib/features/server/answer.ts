// Turning a handler's result into an answer: checked against its contract outside production, and for answers that are
// the same for every viewer, built and serialised once per short window with an ETag, so polling viewers cost one build.
import "server-only";
import { createHash } from "node:crypto";
import type { Contract } from "../../shared/contracts/contract";
import { AppError } from "../../doors/runtime/errors";
import { log } from "../../doors/runtime/log";
import { processWide } from "../../doors/runtime/process-wide";

/** Checks run in tests and `next dev`; production trusts the compile-time check and skips the parse. */
const CHECKED = process.env.NODE_ENV !== "production";

/** Throws an internal error when `json` (what the client will read) does not fit the route's contract. */
export function checkContract(contract: Contract, json: string, where: string): void {
  if (!CHECKED || !("safeParse" in contract)) return;
  const parsed = contract.safeParse(JSON.parse(json));
  if (parsed.success) return;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  log.error("answer does not match its contract", { where, issues });
  throw new AppError("internal", `The answer of ${where} does not match its contract: ${issues.join("; ")}`, "console");
}

/**
 * How long a shared answer is reused. Well under the fastest Overview poll (3 s), so a viewer sees a change at most this
 * much later than the server's caches have it, while 50 viewers polling cost one build and one serialisation.
 */
export const SHARED_ANSWER_MS = 1_000;

export interface SharedAnswer {
  json: string;
  /** Weak: the bytes may be compressed on the way. */
  etag: string;
}

interface Slot {
  answer: Promise<SharedAnswer>;
  builtAt: number;
  /** Set once the build has succeeded: a slot may be refreshed ahead of time only then. */
  settled?: boolean;
  /** A refresh started ahead of time, in flight. */
  refreshing?: boolean;
}

/** Bounded: one slot per shared route and target, and there are a handful. */
const MAX_SLOTS = 256;
const slots = processWide("shared-answers", () => new Map<string, Slot>());

function startBuild(build: () => Promise<string>, now: number): Slot {
  const answer = build().then((json) => ({ json, etag: `W/"${createHash("sha1").update(json).digest("base64url")}"` }));
  const slot: Slot = { answer, builtAt: now };
  answer.then(
    () => (slot.settled = true),
    () => undefined,
  );
  return slot;
}

/**
 * The answer under `key`, built by `build` at most once per `maxAgeMs` however many requests ask (concurrent requests
 * share the build in flight). A failed build is not kept: the next request tries again.
 *
 * Under steady polling no request waits for a build: one asking in the second half of the window starts the next build
 * in the background and is answered from the current one, which replaces it once built. No answer served is older than
 * the window, as before; a lone viewer polling less often than the window simply waits for its build as it did.
 */
export function sharedAnswer(key: string, maxAgeMs: number, build: () => Promise<string>, now = performance.now()): Promise<SharedAnswer> {
  const slot = slots.get(key);
  if (slot && now - slot.builtAt < maxAgeMs) {
    if (slot.settled && !slot.refreshing && now - slot.builtAt >= maxAgeMs / 2) {
      slot.refreshing = true;
      const next = startBuild(build, now);
      next.answer.then(
        () => slots.get(key) === slot && slots.set(key, next),
        () => (slot.refreshing = false),
      );
    }
    return slot.answer;
  }
  const fresh = startBuild(build, now);
  if (!slots.has(key) && slots.size >= MAX_SLOTS) slots.delete(slots.keys().next().value as string);
  slots.set(key, fresh);
  fresh.answer.catch(() => {
    if (slots.get(key) === fresh) slots.delete(key);
  });
  return fresh.answer;
}

/** Forgets every shared answer (tests). */
export function resetSharedAnswers(): void {
  slots.clear();
}

/** Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 prescribes for GET). */
export function notModified(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => bare(tag) === bare(etag));
}
