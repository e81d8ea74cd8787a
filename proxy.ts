// Runs before every page and API route: security headers (CSP with a fresh nonce), forwarded headers reduced to what we
// trust, and the session gate — pages without a session go to /login, APIs answer 401, cross-site changes get 403.
// Roles are checked by the route wrapper (lib/features/server/route.ts), which receives the user decoded here (lib/features/auth/handoff.ts)
// and repeats the origin check.
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { csrfCookieForSignInPage } from "@/lib/features/auth/csrf";
import { HANDOFF_HEADER, handoffValue } from "@/lib/features/auth/handoff";
import { contentSecurityPolicy, securityHeaders } from "@/lib/features/auth/headers";
import { isSameOrigin, isSecure, publicOrigin, trustedForwardedHeaders } from "@/lib/features/auth/origin";
import { isPublicPath } from "@/lib/features/auth/public-paths";
import { currentSession } from "@/lib/features/auth/session";
import { requestProblem } from "@/lib/features/server/guard";
import { config as settings } from "@/lib/doors/runtime/config";
import { AppError } from "@/lib/doors/runtime/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function jsonError(error: AppError): NextResponse {
  return NextResponse.json(error.toJSON(), { status: error.status, headers: { "Cache-Control": "no-store" } });
}

async function gate(req: NextRequest, forwarded: Headers): Promise<NextResponse> {
  const auth = settings().auth;
  const path = req.nextUrl.pathname;
  const api = path === "/api" || path.startsWith("/api/");
  // Before anything else, with or without a session: an oversize body unread (413), a path that is not UTF-8 (400).
  const refused = requestProblem(req);
  if (refused) {
    // Closing the connection stops Node from draining the rest of an oversize upload to keep the socket alive.
    const response = jsonError(refused);
    response.headers.set("Connection", "close");
    return response;
  }
  if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req.headers, auth)) {
    return jsonError(new AppError("forbidden", "Cross-site request refused: changes must come from the console's own pages"));
  }
  if (isPublicPath(path)) return NextResponse.next({ request: { headers: forwarded } });
  const session = await currentSession(req);
  if (session) {
    const handoff = handoffValue(session.user);
    if (handoff) forwarded.set(HANDOFF_HEADER, handoff);
    const next = NextResponse.next({ request: { headers: forwarded } });
    // Sliding expiry: a session in use is renewed (lib/features/auth/session.ts).
    if (session.renewed) next.cookies.set(session.renewed.name, session.renewed.value, session.renewed.options);
    return next;
  }
  if (api) return jsonError(new AppError("unauthorized", "Sign in required", "console", { status: 401 }));
  const login = new URL("/login", publicOrigin(req.headers, auth));
  if (path !== "/") login.searchParams.set("callbackUrl", `${path}${req.nextUrl.search}`);
  return NextResponse.redirect(login);
}

/** Next 16 proxy (formerly middleware). */
export async function proxy(req: NextRequest): Promise<NextResponse> {
  const auth = settings().auth;
  const secure = isSecure(req.headers, auth);
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"), {
    secure,
    dev: process.env.NODE_ENV === "development",
    formTargets: auth.oidc ? [new URL(auth.oidc.issuer).origin] : [],
  });
  const forwarded = trustedForwardedHeaders(req.headers, auth);
  // Only this proxy says who is signed in: a client's own copy of the header never reaches a route.
  forwarded.delete(HANDOFF_HEADER);
  // Next reads the nonce for its own script tags from the request's CSP header.
  forwarded.set("Content-Security-Policy", csp);
  // The sign-in form posts without JavaScript, so the page itself must hold next-auth's CSRF token.
  const csrf = req.nextUrl.pathname === "/login" ? csrfCookieForSignInPage(req.cookies, forwarded, { secure, secret: auth.secret }) : undefined;
  const response = await gate(req, forwarded);
  if (csrf) response.cookies.set(csrf.name, csrf.value, csrf.options);
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(securityHeaders(secure))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
