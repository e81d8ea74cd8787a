// Word lists the contracts share with the code that produces them: defined here, in the browser-safe ring, and
// re-exported by the modules that use them (lib/shared/auth/roles.ts, lib/shared/keys/scope.ts, lib/features/pulls/progress.ts), so
// contracts import nothing from the server's rings.

/** Console roles, least to most. */
export const ROLES = ["viewer", "operator", "admin"] as const;

/** What an API key may call. */
export const SCOPES = ["inference", "inference+read", "admin"] as const;

/** Every state a pull job can be in, in the order a healthy pull passes through them. */
export const PHASES = [
  "queued",
  "pulling_manifest",
  "downloading",
  "verifying",
  "writing_manifest",
  "retrying",
  "succeeded",
  "failed",
  "cancelled",
] as const;
