// Browser-side JSON fetch that turns the console's error bodies into HttpError with the server's message.

export interface ApiErrorBody {
  error?: { code?: string; system?: string; message?: string; details?: Record<string, unknown> };
}

/** A failed API call, carrying the server's safe message and error code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly system: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, message: string, code?: string, system?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.system = system;
    this.details = details;
  }
}

/** fetch + JSON parse; throws HttpError with the server's message on non-2xx. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
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
    const body = data as ApiErrorBody | undefined;
    throw new HttpError(res.status, body?.error?.message ?? `Request failed (HTTP ${res.status})`, body?.error?.code, body?.error?.system, body?.error?.details);
  }
  return data as T;
}
