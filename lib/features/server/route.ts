// The one wrapper every route handler goes through: session, same-origin and role checks, input validation, error → response mapping.
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import type { Contract, EventStream } from "../../shared/contracts/contract";
import { config, type Target } from "../../doors/runtime/config";
import { AppError, isAppError } from "../../doors/runtime/errors";
import { audit } from "../audit";
import { isSameOrigin } from "../auth/origin";
import { hasRole, type Role, type SessionUser } from "../../shared/auth/roles";
import { requestUser } from "../auth/handoff";
import { log } from "../../doors/runtime/log";
import { isShuttingDown } from "../../doors/runtime/shutdown";
import { readJsonBody } from "./body";
import { checkContract, notModified, SHARED_ANSWER_MS, sharedAnswer } from "./answer";

type Schema<T> = z.ZodType<T>;

export interface RouteSpec<P, Q, B, C extends Contract> {
  /** Role needed. Defaults: viewer for GET/HEAD, operator for anything else. */
  role?: Role;
  params?: Schema<P>;
  query?: Schema<Q>;
  /** Use strict objects (unknown fields refused). A mutation without one takes no fields: only an empty body or `{}`. */
  body?: Schema<B>;
  /** The answer's contract (lib/shared/contracts): the handler's result must fit it (compile time; run time outside production). */
  response: C;
  /**
   * The answer is the same for every viewer (it depends on the target only): built and serialised at most once per
   * SHARED_ANSWER_MS however many viewers poll, sent with an ETag, and 304 when the viewer already holds it. The role
   * check still runs for every request.
   */
  shared?: boolean;
}

/** What a handler returns: the contract's type for JSON, a streaming Response for an event stream. */
type HandlerResult<C extends Contract> = C extends EventStream ? Response : C extends z.ZodType ? z.output<C> : never;

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
export function route<C extends Contract, P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B, C>,
  handler: (ctx: RouteContext<P, Q, B>) => Promise<HandlerResult<C>>,
) {
  return async (req: NextRequest, nextCtx: NextCtx): Promise<Response> => {
    const where = `${req.method} ${req.nextUrl.pathname}`;
    if (isShuttingDown()) {
      // A rollout is replacing this process: the browser retries and reaches the new one.
      const stopping = new AppError("unavailable", "The console is restarting; try again in a moment", "console");
      return errorResponse(stopping, where, { Connection: "close", "Retry-After": "2" });
    }
    try {
      // Decoded once per request: by the proxy, which hands it over (lib/features/auth/handoff.ts); decoded here only without it.
      const user = await requestUser(req);
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
      // Only now, after the session and role checks, is the body read (capped: lib/features/server/body.ts).
      let body: { success: true; data: B } | { success: false; error: z.ZodError };
      if (spec.body) body = spec.body.safeParse(await readJsonBody(req));
      else if (readOnly) body = { success: true, data: undefined as B };
      else {
        const none = NO_BODY.safeParse(await readJsonBody(req));
        body = none.success ? { success: true, data: undefined as B } : { success: false, error: none.error };
      }
      if (!body.success) throw invalid("request body", body.error);
      const ctx = { req, user, target: config().target, params: params.data, query: query.data, body: body.data };
      const build = async (): Promise<string | Response> => {
        const result: unknown = await handler(ctx);
        if (result instanceof Response) return result;
        const json = JSON.stringify(result);
        checkContract(spec.response, json, where);
        return json;
      };
      if (spec.shared) {
        const { target } = ctx;
        const key = `${target.context ?? ""}|${target.namespace}|${target.deployment}|${req.nextUrl.pathname}${req.nextUrl.search}`;
        const shared = await sharedAnswer(key, SHARED_ANSWER_MS, async () => {
          const json = await build();
          if (typeof json !== "string") throw new AppError("internal", "A shared answer must be JSON, not a stream", "console");
          return json;
        });
        const headers = { "Cache-Control": "private, no-cache", ETag: shared.etag, "Content-Type": "application/json" };
        if (notModified(req.headers.get("if-none-match"), shared.etag)) return new Response(null, { status: 304, headers });
        return new Response(shared.json, { headers });
      }
      const result = await build();
      if (typeof result !== "string") return result;
      return new Response(result, { headers: { "Cache-Control": "no-store", "Content-Type": "application/json" } });
    } catch (err) {
      return errorResponse(err, where);
    }
  };
}
