// The one error contract: every API route answers a failure with this body (lib/doors/runtime/errors.ts AppError.toJSON).
import { z } from "zod";

export const ERROR_CODES = [
  "unreachable",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid",
  "too_large",
  "unavailable",
  "expired",
  "upstream",
  "internal",
] as const;

export const SYSTEMS = ["kubernetes", "ollama", "agent", "registry", "prometheus", "console"] as const;

/** The `error` member of a failure: a stable code, the system that failed, a message safe to show, optional details. */
export const apiError = z.object({
  code: z.enum(ERROR_CODES),
  system: z.enum(SYSTEMS),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiError = z.infer<typeof apiError>;

/** Body of every non-2xx JSON answer. */
export const errorBody = z.object({ error: apiError });
export type ErrorBody = z.infer<typeof errorBody>;

/** One of several independent reads: its data, or its own error (lib/features/server/settle.ts). */
export function settled<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: apiError })]);
}
export type Settled<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** What a change without a more useful answer returns. */
export const okResponse = z.object({ ok: z.literal(true) });
