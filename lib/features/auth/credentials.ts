// Password sign-in: throttled per client address and per account (growing delays, no lockout), audited, and never
// saying which part was wrong.
import "server-only";
import { z } from "zod";
import { audit } from "../audit";
import { config } from "../../doors/runtime/config";
import { clientIp } from "./origin";
import type { SessionUser } from "../../shared/auth/roles";
import { signInThrottle } from "./throttle-store";
import { checkPassword } from "./users";

/** The error code next-auth passes to the sign-in page when the throttle refuses an attempt. */
export const RATE_LIMITED = "RateLimited";

const input = z.object({ username: z.string().trim().min(1).max(128), password: z.string().min(1).max(1024) });

/** next-auth `authorize` for the password form: the user, null (wrong name or password), or throws RATE_LIMITED. */
export async function authorizePassword(credentials: unknown, headers: Headers): Promise<SessionUser | null> {
  const parsed = input.safeParse(credentials);
  const given = (credentials as { username?: unknown } | undefined)?.username;
  const name = parsed.success ? parsed.data.username : typeof given === "string" ? given.trim().slice(0, 128) : "";
  const ip = clientIp(headers, config().auth);
  const account = name.toLowerCase();
  const subject = name || "(no name)";
  const waitMs = await signInThrottle().waitFor(account, ip);
  if (waitMs > 0) {
    // Refused before the password is even looked at, so guessing gains nothing while slowed down.
    audit(null, { action: "SignIn", subject, outcome: "failure", message: "too many failed attempts; slowed down", details: { ip, waitMs } });
    throw new Error(RATE_LIMITED);
  }
  const user = parsed.success ? await checkPassword(parsed.data.username, parsed.data.password) : null;
  if (!user) {
    await signInThrottle().failed(account, ip);
    audit(null, { action: "SignIn", subject, outcome: "failure", message: "wrong user name or password", details: { ip } });
    return null;
  }
  await signInThrottle().succeeded(account);
  return user;
}
