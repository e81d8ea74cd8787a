// Ollama's requests to a registry (makeRequest and makeRequestWithRetry in server/images.go) as the simulator makes
// them, with the Go error texts a real server reports. Every registry the simulator reaches is this project's registry
// simulator, which speaks plain HTTP: without `insecure`, real Ollama speaks HTTPS to it and fails the handshake.

/** Go's url.Error for a plain HTTP server answering a TLS handshake (`Get "https://…": http: server gave …`). */
export function httpsRefusal(method: string, url: string): Error {
  return new Error(`${goOp(method)} "${url}": http: server gave HTTP response to HTTPS client`);
}

/** net/http's name of a method in errors (`Head`, `Patch`). */
function goOp(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

/** The 404 makeRequestWithRetry turns into os.ErrNotExist (its text: `file does not exist`). */
export class NotFound extends Error {
  constructor() {
    super("file does not exist");
  }
}

export interface RegistryRequest {
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  insecure: boolean;
}

/**
 * One registry request as makeRequestWithRetry answers it: status and headers for < 400 (the body read and dropped),
 * NotFound for 404, an Error `<status>: <body>` for other failures; an unreachable registry rejects with Go's dial error.
 */
export async function registryRequest(method: string, url: string, req: RegistryRequest): Promise<{ status: number; headers: Headers }> {
  if (!req.insecure) throw httpsRefusal(method, url);
  const plain = url.replace(/^https:/, "http:");
  let res: Response;
  try {
    // A Buffer's memory is an ArrayBuffer (never shared), which is what fetch's BodyInit asks for.
    const body = req.body as BodyInit | undefined;
    res = await fetch(plain, { method, headers: { "User-Agent": "ollama (simulated)", ...req.headers }, body, redirect: "manual" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const host = new URL(plain).host;
    const reason = cause?.code === "ECONNREFUSED" ? `dial tcp ${host}: connect: connection refused` : (cause?.message ?? (error as Error).message);
    throw new Error(`${goOp(method)} "${plain}": ${reason}`);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    throw new NotFound();
  }
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${res.status}: ${text}`);
  return { status: res.status, headers: res.headers };
}
