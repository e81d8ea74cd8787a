// API key material: generation, the public id inside a key, and the peppered HMAC the ConfigMap stores (never the key).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const KEY_PREFIX = "oops_";
/** `oops_<id: 12 hex>_<secret: 43 base64url = 256 random bits>` */
const KEY_FORMAT = /^oops_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new key and its public id. The secret part is 256 random bits, so a fast keyed hash is enough (no slow KDF). */
export function generateKey(): { id: string; key: string } {
  const id = randomBytes(6).toString("hex");
  return { id, key: `${KEY_PREFIX}${id}_${randomBytes(32).toString("base64url")}` };
}

/** The id inside a well-formed key, or undefined. Cheap enough to run before any lookup. */
export function keyId(key: string): string | undefined {
  return KEY_FORMAT.exec(key)?.[1];
}

/** HMAC-SHA256(pepper, key) as hex: what the ConfigMap holds. Without the pepper a stored hash proves nothing. */
export function hashKey(pepper: string, key: string): string {
  return createHmac("sha256", pepper).update(key).digest("hex");
}

const DUMMY = Buffer.alloc(32);

/** Constant-time check of `key` against a stored hex hash (undefined = unknown id: same work, always false). */
export function verifyKey(pepper: string, key: string, storedHex: string | undefined): boolean {
  const actual = createHmac("sha256", pepper).update(key).digest();
  const expected = storedHex && /^[0-9a-f]{64}$/.test(storedHex) ? Buffer.from(storedHex, "hex") : undefined;
  return timingSafeEqual(actual, expected ?? DUMMY) && expected !== undefined;
}
