// Browser-side JSON fetch that turns the console's error bodies into HttpError with the server's message. Answers are typed
// by the route's contract (lib/shared/contracts), named as a type argument: `fetchJson<typeof podsResponse>(…)`, so a field the
// server renames fails typecheck here too. Only the types come along: no schema code reaches the browser.
import type { z } from "zod";
import type { ApiError, ErrorBody } from "@/lib/shared/contracts/error";

/** A failed API call, carrying the server's safe message and error code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ApiError["code"] | undefined;
  readonly system: ApiError["system"] | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, message: string, code?: ApiError["code"], system?: ApiError["system"], details?: Record<string, unknown>) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.system = system;
    this.details = details;
  }
}

/** The error contract's body, when `data` has its shape (a proxy in between may answer with anything). */
function errorOf(data: unknown): ApiError | undefined {
  const error = (data as Partial<ErrorBody> | undefined)?.error;
  return typeof error === "object" && error !== null && typeof error.message === "string" ? error : undefined;
}

/**
 * fetch + JSON parse, typed by the route's response contract `C`; throws HttpError with the server's message on non-2xx.
 * The browser's HTTP cache revalidates polled answers that carry an ETag (If-None-Match → 304) on its own.
 */
export async function fetchJson<C extends z.ZodType>(url: string, init?: RequestInit): Promise<z.output<C>> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}), ...init?.headers },
    });
  } catch {
    throw new HttpError(0, "The console is not reachable (network error)");
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    /* non-JSON body: fall through to a generic message */
  }
  if (!res.ok) {
    const error = errorOf(data);
    throw new HttpError(res.status, error?.message ?? `Request failed (HTTP ${res.status})`, error?.code, error?.system, error?.details);
  }
  return data as z.output<C>;
}
