// Sign-in settings: session secret, local users, OIDC, demo mode and proxy trust, with the rules that tie them together.
import { z } from "zod";
import { isPasswordHash } from "../../../features/auth/passwords.ts";
import { ROLES, type Role } from "../../../shared/auth/roles.ts";

export interface LocalUserEntry {
  name: string;
  role: Role;
  hash: string;
}

/** `group` "*" matches every signed-in OIDC user. */
export interface RoleGroup {
  role: Role;
  group: string;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  roleGroups: RoleGroup[];
  scopes: string;
  /** Button label: "Sign in with <name>". */
  name: string;
}

export interface AuthSettings {
  /** Signs and encrypts session cookies; undefined only before start-up checks fill it (demo, development). */
  secret: string | undefined;
  /** Public URL of the console (NEXTAUTH_URL / AUTH_URL); undefined = from the request (and X-Forwarded-* when trusted). */
  url: string | undefined;
  trustProxy: boolean;
  localUsers: LocalUserEntry[];
  localUsersFile: string | undefined;
  oidc: OidcSettings | undefined;
  demo: boolean;
  /** A session not used for this long ends; each use renews it (sliding), up to 12 hours after sign-in. */
  sessionIdleMinutes: number;
  /** ConfigMap in the namespace sharing signed-out session ids between replicas. */
  sessionsConfigMap: string;
}

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const ENTRY_HELP = `expected name:role:hash (role ${ROLES.join(", ")}; hash from \`npm run hash-password\`)`;

/** Parses `name:role:hash` entries (LOCAL_USERS, one per comma; LOCAL_USERS_FILE, one per line). Never echoes a hash. */
export function parseUserList(entries: string[], what: "entry" | "line"): { users: LocalUserEntry[] } | { problem: string } {
  const users: LocalUserEntry[] = [];
  for (const [index, raw] of entries.entries()) {
    const entry = raw.trim();
    if (!entry || (what === "line" && entry.startsWith("#"))) continue;
    const [name = "", role = "", hash = "", ...rest] = entry.split(":");
    const where = `${what} ${index + 1}${USER_NAME.test(name) ? ` ("${name}")` : ""}`;
    if (rest.length || !USER_NAME.test(name) || !(ROLES as readonly string[]).includes(role) || !isPasswordHash(hash)) {
      return { problem: `${where}: ${ENTRY_HELP}` };
    }
    if (users.some((u) => u.name.toLowerCase() === name.toLowerCase())) return { problem: `${where}: user "${name}" is listed twice` };
    users.push({ name, role: role as Role, hash });
  }
  return { users };
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "expected an http(s) URL such as https://ollama-ops.example.com")
    .optional(),
);
const secret = z.preprocess(
  blankToUndefined,
  z.string().min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
);
const flag = z
  .preprocess(blankToUndefined, z.enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" }).optional())
  .transform((v) => v === "true" || v === "1" || v === "yes");

const localUsers = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((v, ctx) => {
      const parsed = parseUserList(v.split(","), "entry");
      if ("problem" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.problem });
        return z.NEVER;
      }
      return parsed.users;
    })
    .optional(),
);

const roleGroups = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((v, ctx) => {
      const out: RoleGroup[] = [];
      for (const part of v.split(";").map((s) => s.trim()).filter(Boolean)) {
        const [role = "", groups = ""] = part.split(/=(.*)/s, 2).map((s) => s.trim());
        const names = groups.split(",").map((g) => g.trim()).filter(Boolean);
        if (!(ROLES as readonly string[]).includes(role) || names.length === 0) {
          ctx.addIssue({ code: "custom", message: "expected role=group pairs separated by ; such as admin=ollama-admins;operator=ollama-operators;viewer=*" });
          return z.NEVER;
        }
        out.push(...names.map((group) => ({ role: role as Role, group })));
      }
      return out;
    })
    .optional(),
);

const CONFIGMAP_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const idleMinutes = z.preprocess(
  blankToUndefined,
  z.coerce.number().int("expected a whole number of minutes").min(5, "expected 5–720 minutes").max(720, "expected 5–720 minutes").optional(),
);

/** The sign-in variables, spread into the one environment schema. */
export const authEnvShape = {
  AUTH_SECRET: secret,
  NEXTAUTH_SECRET: secret,
  AUTH_URL: optionalUrl,
  NEXTAUTH_URL: optionalUrl,
  TRUST_PROXY: flag,
  LOCAL_USERS: localUsers,
  LOCAL_USERS_FILE: optionalText,
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_GROUPS_CLAIM: optionalText.transform((v) => v ?? "groups"),
  OIDC_ROLE_GROUPS: roleGroups,
  OIDC_SCOPES: optionalText.transform((v) => v ?? "openid profile email groups"),
  OIDC_NAME: optionalText.transform((v) => v ?? "single sign-on"),
  DEMO_MODE: flag,
  SESSION_IDLE_MINUTES: idleMinutes.transform((v) => v ?? 60),
  SESSIONS_CONFIGMAP: optionalText
    .refine((v) => v === undefined || CONFIGMAP_NAME.test(v), "expected a ConfigMap name (DNS-1123 subdomain)")
    .transform((v) => v ?? "ollama-ops-sessions"),
};

type AuthEnv = z.infer<z.ZodObject<typeof authEnvShape>>;

/** Rules across variables, reported on the variable to fix. */
export function checkAuthEnv(e: AuthEnv, ctx: z.RefinementCtx): void {
  const problem = (variable: string, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
  const oidcVars = { OIDC_ISSUER: e.OIDC_ISSUER, OIDC_CLIENT_ID: e.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: e.OIDC_CLIENT_SECRET };
  const someOidc = Object.values(oidcVars).some(Boolean);
  for (const [name, value] of Object.entries(oidcVars)) {
    if (someOidc && !value) problem(name, "required when any of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET is set");
  }
  if (someOidc && !e.OIDC_ROLE_GROUPS?.length) {
    problem("OIDC_ROLE_GROUPS", "required with OIDC, e.g. admin=ollama-admins;operator=ollama-operators;viewer=*");
  }
  if (e.DEMO_MODE && (e.LOCAL_USERS || e.LOCAL_USERS_FILE || someOidc)) {
    problem("DEMO_MODE", "cannot be combined with LOCAL_USERS, LOCAL_USERS_FILE or OIDC (demo users would sit next to real ones)");
  }
}

/** Parsed variables → the `auth` part of Config. */
export function authSettings(e: AuthEnv): AuthSettings {
  return {
    secret: e.AUTH_SECRET ?? e.NEXTAUTH_SECRET,
    url: e.AUTH_URL ?? e.NEXTAUTH_URL,
    trustProxy: e.TRUST_PROXY,
    localUsers: e.LOCAL_USERS ?? [],
    localUsersFile: e.LOCAL_USERS_FILE,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER.replace(/\/+$/, ""),
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            groupsClaim: e.OIDC_GROUPS_CLAIM,
            roleGroups: e.OIDC_ROLE_GROUPS ?? [],
            scopes: e.OIDC_SCOPES,
            name: e.OIDC_NAME,
          }
        : undefined,
    demo: e.DEMO_MODE,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionsConfigMap: e.SESSIONS_CONFIGMAP,
  };
}
