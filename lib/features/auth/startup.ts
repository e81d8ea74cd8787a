// Sign-in rules checked once at server start: production needs a session secret and a sign-in method; nothing defaults to a password.
import "server-only";
import { randomBytes } from "node:crypto";
import { ConfigError } from "../../doors/runtime/config";
import type { AuthSettings } from "../../doors/runtime/config/auth";
import { log } from "../../doors/runtime/log";
import { stampPeerAddresses } from "./peer";
import { readLocalUsersFile, signInMethods } from "./users";

const NO_METHOD =
  "no sign-in method configured: set LOCAL_USERS or LOCAL_USERS_FILE (hashes from `npm run hash-password`), or OIDC_ISSUER with OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ROLE_GROUPS";

/**
 * Checks sign-in settings for a starting server (throws ConfigError) and prepares the environment next-auth reads itself.
 * Demo and development runs without a secret get a random one: their sessions end when the server restarts.
 */
export function prepareAuth(auth: AuthSettings, env: NodeJS.ProcessEnv = process.env): void {
  const production = env.NODE_ENV === "production";
  if (auth.localUsersFile) readLocalUsersFile(auth.localUsersFile);
  const methods = signInMethods(auth);
  if (!methods.password && !methods.oidc) {
    if (production) throw new ConfigError("LOCAL_USERS", NO_METHOD);
    log.warn(`sign-in: ${NO_METHOD}; nobody can sign in`);
  }
  if (!auth.secret) {
    if (production && !auth.demo) {
      throw new ConfigError("AUTH_SECRET", "required in production: a random string of at least 32 characters, e.g. from `openssl rand -base64 32`");
    }
    env.AUTH_SECRET = randomBytes(32).toString("base64url");
    log.warn("sign-in: no AUTH_SECRET; using a random one, so sessions end when the console restarts");
  }
  // next-auth builds its URLs from NEXTAUTH_URL, else (with AUTH_TRUST_HOST) from X-Forwarded-Host/Proto, which proxy.ts
  // rewrites on every request to the origin we trust.
  if (auth.url) env.NEXTAUTH_URL = auth.url;
  else env.AUTH_TRUST_HOST = "true";
  // Sign-in throttling keys on the TCP peer when no trusted proxy is in front (lib/features/auth/origin.ts clientIp).
  stampPeerAddresses();
  if (auth.demo) log.warn("DEMO MODE: demo users with public passwords (viewer, operator, admin) can sign in");
}
