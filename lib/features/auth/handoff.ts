// The session is decoded once per request: the proxy (proxy.ts) checks it and hands the user to the route in a request
// header, sealed with an HMAC keyed from the session secret, so the route wrapper needs no second decode. The proxy
// drops any such header the client sent; the seal and a short expiry make a forged or replayed one worthless anyway.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { config } from "../../doors/runtime/config";
import { ROLES, type SessionUser } from "../../shared/auth/roles";
import { currentUser } from "./session";

export const HANDOFF_HEADER = "x-ollama-ops-user";
/** A handed-over user is good for this long: one request's way from the proxy to the handler. */
const HANDOFF_TTL_MS = 30_000;

const payload = z.object({
  user: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), provider: z.enum(["local", "oidc", "demo"]) }),
  exp: z.number(),
});

function seal(body: string, secret: string): Buffer {
  return createHmac("sha256", secret).update("ollama-ops user handoff\0").update(body).digest();
}

/** The header value carrying `user` from the proxy to the route (undefined without a session secret). */
export function handoffValue(user: SessionUser, now = Date.now()): string | undefined {
  const secret = config().auth.secret;
  if (!secret) return undefined;
  const body = Buffer.from(JSON.stringify({ user, exp: now + HANDOFF_TTL_MS })).toString("base64url");
  return `${body}.${seal(body, secret).toString("base64url")}`;
}

/** The user the proxy handed over in `headers`, or undefined when there is none or it is not genuine and current. */
export function handedOverUser(headers: Headers, now = Date.now()): SessionUser | undefined {
  const value = headers.get(HANDOFF_HEADER);
  const secret = config().auth.secret;
  if (!value || !secret) return undefined;
  const [body = "", mac = ""] = value.split(".");
  const expected = seal(body, secret);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: z.infer<typeof payload>;
  try {
    parsed = payload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return undefined;
  }
  return parsed.exp > now ? parsed.user : undefined;
}

/** The request's signed-in user: as the proxy handed it over, else decoded from the cookie (requests the proxy did not see). */
export async function requestUser(req: NextRequest): Promise<SessionUser | null> {
  return handedOverUser(req.headers) ?? (await currentUser(req));
}
