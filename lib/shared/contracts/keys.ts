// What the API keys routes answer (GET/POST /api/keys, DELETE /api/keys/:id).
import { z } from "zod";
import { SCOPES } from "./enums";

/** What is stored of every key, and shown: everything but its hash. */
export const keyFields = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(SCOPES),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** ISO time after which the key is refused; absent = no expiry. */
  expiresAt: z.string().optional(),
});

/** One key as the Keys page shows it: never its hash. */
export const keyView = keyFields.extend({
  /** This replica's counts since it started. */
  usage: z.object({ requests: z.number(), refusals: z.number(), lastUsedAt: z.string().optional() }),
  expired: z.boolean(),
});
export type KeyView = z.infer<typeof keyView>;

/** GET /api/keys */
export const keysResponse = z.object({
  /** False when API_KEY_PEPPER is not set in production: no key can be created or accepted. */
  enabled: z.boolean(),
  disabledReason: z.string().optional(),
  keys: z.array(keyView),
});
export type KeysResponse = z.infer<typeof keysResponse>;

/** POST /api/keys: the secret appears in this answer only. */
export const createdKey = z.object({ key: keyView, secret: z.string() });
export type CreatedKey = z.infer<typeof createdKey>;
