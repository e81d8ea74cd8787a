// next-auth configuration: password and OIDC providers, short sliding JWT sessions holding only id/name/role and a
// session id that sign-out revokes, audited sign-ins.
import "server-only";
import type { AuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { audit } from "../audit";
import { config } from "../../doors/runtime/config";
import { log } from "../../doors/runtime/log";
import { authorizePassword } from "./credentials";
import { safeCallbackUrl } from "../../shared/auth/login";
import { oidcProvider, type OidcUser } from "./oidc";
import { ROLES, type SessionUser } from "../../shared/auth/roles";
import { activeUser, revokeSession, sessionClaims, sessionIdleSeconds, userFromClaims } from "./session";
import { signInMethods } from "./users";

const signedIn = z.object({ id: z.string().min(1), name: z.string(), role: z.enum(ROLES), provider: z.enum(["local", "oidc", "demo"]) });

/** next-auth's user object → ours (undefined when it lacks a role, i.e. an OIDC user without a mapped group). */
function asSessionUser(user: unknown): SessionUser | undefined {
  const parsed = signedIn.safeParse(user);
  return parsed.success ? parsed.data : undefined;
}

/** Options for one request; `secure` = the browser reached us over TLS, so cookies get `Secure` and `__Secure-` names. */
export function authOptions(secure: boolean): AuthOptions {
  const auth = config().auth;
  const methods = signInMethods(auth);
  return {
    secret: auth.secret,
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: sessionIdleSeconds() },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      ...(methods.password
        ? [
            CredentialsProvider({
              id: "credentials",
              name: "password",
              credentials: { username: { label: "User name", type: "text" }, password: { label: "Password", type: "password" } },
              authorize: (credentials, req) => authorizePassword(credentials, new Headers(req.headers as Record<string, string>)),
            }),
          ]
        : []),
      ...(auth.oidc ? [oidcProvider(auth.oidc)] : []),
    ],
    callbacks: {
      // Where to go after sign-in or sign-out: a path on this origin, nothing else (next-auth's default lets "/\t/x" through).
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackUrl(url, baseUrl)}`;
      },
      signIn({ user, account }) {
        if (account?.provider !== "oidc" || asSessionUser(user)) return true;
        const { name, groups } = user as unknown as OidcUser;
        const message = `no console role for groups: ${groups.join(", ") || "none"}`;
        audit(null, { action: "SignIn", subject: name, outcome: "failure", message });
        return false;
      },
      async jwt({ token, user }) {
        const fresh = asSessionUser(user);
        if (fresh) return sessionClaims(fresh);
        // next-auth's /api/auth/session re-issues the cookie: never for a session that has ended (next-auth then clears it).
        if (!(await activeUser(token))) throw new Error("session ended");
        return token;
      },
      session({ session, token }): Session {
        const user = userFromClaims(token);
        return { expires: session.expires, user: user ? { name: user.name, role: user.role } : undefined } as Session;
      },
    },
    events: {
      signIn({ user }) {
        const u = asSessionUser(user);
        if (u) audit(u, { action: "SignIn", subject: u.name, outcome: "success", message: `via ${u.provider === "oidc" ? auth.oidc?.name : u.provider}` });
      },
      signOut({ token }) {
        // Deleting the cookie is the browser's part; revoking the id makes a copy of it worthless too.
        revokeSession(token);
        const u = userFromClaims(token);
        if (u) audit(u, { action: "SignOut", subject: u.name, outcome: "success" });
      },
    },
    logger: {
      // Log only: never audit from here. route-handler.ts audits SSO failures from next-auth's own redirect.
      error(code, metadata) {
        log.warn("sign-in error", { code, metadata });
      },
      warn(code) {
        log.warn("sign-in warning", { code });
      },
      debug() {},
    },
  };
}
