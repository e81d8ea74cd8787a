// Who may sign in with a password: LOCAL_USERS, LOCAL_USERS_FILE (re-read when it changes) and, in demo mode only, the demo users.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { config, ConfigError } from "../../doors/runtime/config";
import { parseUserList, type AuthSettings, type LocalUserEntry } from "../../doors/runtime/config/auth";
import { log } from "../../doors/runtime/log";
import { DEMO_USERS } from "./demo-users";
import { verifyPassword } from "./passwords";
import type { SessionUser } from "../../shared/auth/roles";

/** Verifying against this costs what a real check costs, so a wrong user name takes as long as a wrong password. */
const DECOY_HASH = `scrypt$32768$8$1$${"A".repeat(22)}$${"A".repeat(43)}`;

let fileCache: { path: string; mtimeMs: number; size: number; users: LocalUserEntry[] } | undefined;

/** Reads and validates LOCAL_USERS_FILE; throws ConfigError naming what is wrong. */
export function readLocalUsersFile(path: string): LocalUserEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError("LOCAL_USERS_FILE", `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const parsed = parseUserList(text.split(/\r?\n/), "line");
  if ("problem" in parsed) throw new ConfigError("LOCAL_USERS_FILE", `${path}: ${parsed.problem}`);
  return parsed.users;
}

function fileUsers(path: string): LocalUserEntry[] {
  try {
    const st = statSync(path);
    if (fileCache?.path !== path || fileCache.mtimeMs !== st.mtimeMs || fileCache.size !== st.size) {
      fileCache = { path, mtimeMs: st.mtimeMs, size: st.size, users: readLocalUsersFile(path) };
    }
    return fileCache.users;
  } catch (err) {
    // Fail closed: a broken file signs nobody in from it (and revokes its sessions) until fixed.
    log.error("local users file unusable; its users cannot sign in", { err });
    fileCache = undefined;
    return [];
  }
}

interface Account {
  user: SessionUser;
  check: (password: string) => Promise<boolean>;
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function findAccount(name: string, auth: AuthSettings = config().auth): Account | undefined {
  const wanted = name.toLowerCase();
  if (auth.demo) {
    const demo = DEMO_USERS.find((u) => u.name === wanted);
    if (!demo) return undefined;
    return {
      user: { id: demo.name, name: demo.name, role: demo.role, provider: "demo" },
      check: (password) => Promise.resolve(timingSafeEqual(sha256(password), sha256(demo.password))),
    };
  }
  const entries = [...auth.localUsers, ...(auth.localUsersFile ? fileUsers(auth.localUsersFile) : [])];
  const entry = entries.find((u) => u.name.toLowerCase() === wanted);
  if (!entry) return undefined;
  return { user: { id: entry.name, name: entry.name, role: entry.role, provider: "local" }, check: (password) => verifyPassword(password, entry.hash) };
}

/** The user for a name and password, or null. Takes the same time whether the name or the password was wrong. */
export async function checkPassword(name: string, password: string): Promise<SessionUser | null> {
  const account = findAccount(name);
  if (!account) {
    await verifyPassword(password, DECOY_HASH);
    return null;
  }
  return (await account.check(password)) ? account.user : null;
}

/** The current definition of a password user (role changes and removals apply to open sessions), or undefined. */
export function passwordUser(name: string, provider: "local" | "demo"): SessionUser | undefined {
  const auth = config().auth;
  if ((provider === "demo") !== auth.demo) return undefined;
  return findAccount(name, auth)?.user;
}

/** Which sign-in methods this console offers. */
export function signInMethods(auth: AuthSettings = config().auth): { password: boolean; demo: boolean; oidc: string | undefined } {
  return {
    password: auth.demo || auth.localUsers.length > 0 || auth.localUsersFile !== undefined,
    demo: auth.demo,
    oidc: auth.oidc?.name,
  };
}
