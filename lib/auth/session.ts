// Resolves the signed-in user of a request. Placeholder until sign-in lands: every request is an anonymous admin.
import "server-only";
import type { NextRequest } from "next/server";
import type { SessionUser } from "./roles";

/** The request's signed-in user, or null. */
export function currentUser(_req: NextRequest): Promise<SessionUser | null> {
  return Promise.resolve({ id: "anonymous", name: "anonymous", role: "admin", provider: "demo" });
}
