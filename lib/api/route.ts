// The one wrapper every route handler goes through: session, same-origin and role checks, input validation, error → response mapping.
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { config, type Target } from "../config";
import { AppError, isAppError } from "../errors";
import { audit } from "../audit";
import { isSameOrigin } from "../auth/origin";
import { hasRole, type Role, type SessionUser } from "../auth/roles";
import { currentUser } from "../auth/session";
import { log } from "../log";
import { isShuttingDown } from "../shutdown";
import { readJsonBody } from "./body";

type Schema<T> = z.ZodType<T>;

export interface RouteSpec<P, Q, B> {
  /** Role needed. Defaults: viewer for GET/HEAD, operator for anything else. */
  role?: Role;
  params?: Schema<P>;
  query?: Schema<Q>;
  /** Use strict objects (unknown fields refused). A mutation without one takes no fields: only an empty body or `{}`. */
  body?: Schema<B>;
}

export interface RouteContext<P, Q, B> {
  req: NextRequest;
  user: SessionUser;
  target: Target;
  params: P;
  query: Q;
  body: B;
}

type NextCtx = { params: Promise<Record<string, string | string[]>> };

function invalid(what: string, error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return new AppError("invalid", `Invalid ${what}: ${field}${issue?.message ?? "bad value"}`, "console", {
    details: { issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
  });
}

/** What a mutation without a body schema accepts: nothing, or an empty object. */
const NO_BODY = z.strictObject({});

/** JSON response for an error; internals are logged, never sent. Recognised by brand and code, not by class identity. */
export function errorResponse(err: unknown, where: string, headers: Record<string, string> = {}): NextResponse {
  const appError = isAppError(err) ? err : new AppError("internal", "Unexpected error; see the console's logs", "console", { cause: err });
  if (appError.code === "internal") log.error("route failed", { where, err });
  return NextResponse.json(appError.toJSON(), { status: appError.status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** Wraps a handler: authenticates, authorises, validates params/query/body and maps errors to JSON. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown>,
) {
  return async (req: NextRequest, nextCtx: NextCtx): Promise<Response> => {
    const where = `${req.method} ${req.nextUrl.pathname}`;
    if (isShuttingDown()) {
      // A rollout is replacing this process: the browser retries and reaches the new one.
      const stopping = new AppError("unavailable", "The console is restarting; try again in a moment", "console");
      return errorResponse(stopping, where, { Connection: "close", "Retry-After": "2" });
    }
    try {
      const user = await currentUser(req);
      if (!user) throw new AppError("unauthorized", "Sign in required", "console", { status: 401 });
      const readOnly = req.method === "GET" || req.method === "HEAD";
      // SameSite=Lax cookies already stay home on cross-site POSTs; this also covers same-site subdomains and old browsers.
      if (!readOnly && !isSameOrigin(req.headers, config().auth)) {
        audit(user, { action: "AccessDenied", subject: where, outcome: "failure", message: "cross-site request refused" });
        throw new AppError("forbidden", "Cross-site request refused: changes must come from the console's own pages", "console");
      }
      const need = spec.role ?? (readOnly ? "viewer" : "operator");
      if (!hasRole(user.role, need)) {
        audit(user, { action: "AccessDenied", subject: where, outcome: "failure", message: `needs the ${need} role` });
        throw new AppError("forbidden", `This action needs the ${need} role; you are signed in as ${user.role}`, "console");
      }
      const rawParams = await nextCtx.params;
      const params = spec.params ? spec.params.safeParse(rawParams) : { success: true as const, data: {} as P };
      if (!params.success) throw invalid("path", params.error);
      const query = spec.query
        ? spec.query.safeParse(Object.fromEntries(req.nextUrl.searchParams))
        : { success: true as const, data: {} as Q };
      if (!query.success) throw invalid("query", query.error);
      // Only now, after the session and role checks, is the body read (capped: lib/api/body.ts).
      let body: { success: true; data: B } | { success: false; error: z.ZodError };
      if (spec.body) body = spec.body.safeParse(await readJsonBody(req));
      else if (readOnly) body = { success: true, data: undefined as B };
      else {
        const none = NO_BODY.safeParse(await readJsonBody(req));
        body = none.success ? { success: true, data: undefined as B } : { success: false, error: none.error };
      }
      if (!body.success) throw invalid("request body", body.error);
      const result = await handler({ req, user, target: config().target, params: params.data, query: query.data, body: body.data });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { headers: { "Cache-Control": "no-store" } });
    } catch (err) {
      return errorResponse(err, where);
    }
  };
}
