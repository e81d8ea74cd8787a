// Password hashes: node:crypto scrypt in a self-describing string `scrypt$N$r$p$salt$key` (salt and key base64url).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

interface Params {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB and ~50 ms per check: slow for guessing, fine for a handful of sign-ins. */
const DEFAULT_PARAMS: Params = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22,})\$([A-Za-z0-9_-]{43})$/;

interface Parsed extends Params {
  salt: Buffer;
  key: Buffer;
}

function parse(hash: string): Parsed | undefined {
  const m = FORMAT.exec(hash);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Bounds keep a mistyped hash from costing gigabytes of memory per sign-in.
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < 2 ** 14 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { N, r, p, salt: Buffer.from(m[4] ?? "", "base64url"), key: Buffer.from(m[5] ?? "", "base64url") };
}

function derive(password: string, salt: Buffer, { N, r, p }: Params): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** True when `value` is a hash this module can verify (format and sane cost parameters). */
export function isPasswordHash(value: string): boolean {
  return parse(value) !== undefined;
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(password: string, params: Params = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** Constant-time check of `password` against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parse(hash);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}
