// Typed errors with one exit: every failure the UI can show is an AppError with a safe message.
import "server-only";
import type { ErrorBody } from "../../shared/contracts/error";
import { processWide } from "./process-wide";

export type System = "kubernetes" | "ollama" | "agent" | "registry" | "prometheus" | "console";

export type ErrorCode =
  | "unreachable" // connection refused, DNS failure, timeout
  | "unauthorized" // upstream rejected our credentials
  | "forbidden" // RBAC or role denied
  | "not_found"
  | "conflict"
  | "invalid" // bad input (ours or upstream's)
  | "too_large" // request body over the limit
  | "unavailable" // API group / CRD not installed, upstream 503
  | "expired" // watch resourceVersion too old
  | "upstream" // any other upstream error
  | "internal";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  unreachable: 502,
  unauthorized: 502,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 400,
  too_large: 413,
  unavailable: 503,
  expired: 410,
  upstream: 502,
  internal: 500,
};

/** Marks AppErrors of every copy of this module (Next loads it once per bundle), so identity never depends on the class. */
const BRAND = Symbol.for("ollama-ops.AppError");
const SYSTEMS: ReadonlySet<string> = new Set<System>(["kubernetes", "ollama", "agent", "registry", "prometheus", "console"]);

/**
 * An error whose `message` is safe to show an operator (no stack, no secrets). `instanceof AppError` is answered by the
 * brand and code, not the class: an AppError thrown by the instrumentation bundle's copy is still one in a route's copy.
 */
export class AppError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isAppError(value);
  }

  readonly [BRAND] = true;
  readonly status: number;
  readonly code: ErrorCode;
  readonly system: System;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    system: System = "console",
    options?: { status?: number; cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.system = system;
    this.status = options?.status ?? HTTP_STATUS[code];
    this.details = options?.details;
    countUpstream(this, options?.cause);
  }

  /** The JSON body an API route answers with. */
  toJSON(): ErrorBody {
    return { error: { code: this.code, system: this.system, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** Whether `value` is an AppError from any copy of this module: branded, with a known code and system. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
  const e = value as { code?: unknown; system?: unknown; message?: unknown };
  return typeof e.code === "string" && Object.hasOwn(HTTP_STATUS, e.code) && typeof e.system === "string" && SYSTEMS.has(e.system) && typeof e.message === "string";
}

// Failures of the systems the console depends on, for /metrics. Process-wide: each route bundle may load this module.
const upstreamTally = processWide("upstreamErrors", () => new Map<string, number>());
/** Raw failures already counted: re-wrapping one (kubeError, then a more specific AppError) counts it once. */
const countedCauses = new WeakSet<object>();

/** Answers about the request itself (no such object, a lost write race, bad input), not failures of the system. */
const ANSWERS: ReadonlySet<ErrorCode> = new Set(["not_found", "conflict", "invalid", "too_large"]);

function countUpstream(error: AppError, cause: unknown): void {
  if (error.system === "console" || ANSWERS.has(error.code)) return;
  if (typeof cause === "object" && cause !== null) {
    if (countedCauses.has(cause)) return;
    countedCauses.add(cause);
  }
  const key = `${error.system}/${error.code}`;
  upstreamTally.set(key, (upstreamTally.get(key) ?? 0) + 1);
}

/** How many AppErrors each upstream system produced since the process started, by code. */
export function upstreamErrorCounts(): { system: System; code: ErrorCode; count: number }[] {
  return [...upstreamTally].map(([key, count]) => {
    const [system, code] = key.split("/") as [System, ErrorCode];
    return { system, code, count };
  });
}

/** The body of every failed API call: the one error contract (lib/shared/contracts/error.ts), which toJSON is checked against. */
export type { ErrorBody } from "../../shared/contracts/error";

/** Node's fetch wraps socket errors in `cause`; pull out a short, human-readable reason. */
export function networkReason(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      const reasons: Record<string, string> = {
        ECONNREFUSED: "connection refused",
        ENOTFOUND: "host not found (DNS)",
        EAI_AGAIN: "DNS lookup failed",
        ECONNRESET: "connection reset",
        ETIMEDOUT: "timed out",
        EHOSTUNREACH: "host unreachable",
        ENETUNREACH: "network unreachable",
        UND_ERR_CONNECT_TIMEOUT: "connect timed out",
        UND_ERR_HEADERS_TIMEOUT: "timed out waiting for a response",
        UND_ERR_SOCKET: "connection closed",
        ABORT_ERR: "timed out",
        // TLS: a wrong scheme, a self-signed or expired certificate, a name mismatch.
        EPROTO: "TLS handshake failed",
        ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (is the URL http, not https?)",
        DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate not trusted (self-signed)",
        SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate not trusted (self-signed in chain)",
        UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted (unknown issuer)",
        CERT_HAS_EXPIRED: "TLS certificate expired",
        ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
      };
      if (reasons[code]) return reasons[code];
    }
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") return "timed out";
    const cause = (e as { cause?: unknown }).cause;
    // undici: TypeError("fetch failed") whose cause says why (e.g. "bad port").
    if ((e as Error).message === "fetch failed" && cause instanceof Error && !(cause as { code?: unknown }).code) return cause.message;
    e = cause;
  }
  return undefined;
}
