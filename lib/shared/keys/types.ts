// Browser-safe shapes of API keys: what the ConfigMap stores and what the Keys page shows (never the hash).
import { z } from "zod";
import { keyFields, type KeyView } from "../contracts/keys";
import { SCOPES } from "./scope";

/** One key as stored in ConfigMap `ollama-ops-keys` (data `keys.json`). `hash` = HMAC-SHA256(pepper, key), hex. */
export const keyRecordSchema = keyFields.extend({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

// What the Keys routes answer is their contract (lib/shared/contracts/keys.ts).
export type { CreatedKey, KeysResponse, KeyView } from "../contracts/keys";

/** This replica's counts for one key since it started (not shared between replicas; /metrics sums them). */
export type KeyUsage = KeyView["usage"];

export const createKeySchema = z
  .object({
    name: z.string().trim().min(1, "a name is required").max(63, "at most 63 characters"),
    scope: z.enum(SCOPES, { message: `expected one of ${SCOPES.join(", ")}` }),
    note: z.string().trim().max(500, "at most 500 characters").default(""),
    /** Whole days until the key expires; absent = never. */
    expiresInDays: z.number().int("expected whole days").min(1, "at least 1 day").max(3650, "at most 3650 days").optional(),
  })
  .strict();
export type CreateKeyInput = z.infer<typeof createKeySchema>;
