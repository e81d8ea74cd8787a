// The states every widget can be in besides "here is the data": loading, failed, stale (with why and since when), empty.
import type { ReactNode } from "react";
import { HttpError } from "./fetch-json";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 text-sm text-muted">
      <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-muted border-t-transparent" />
      {label}
    </div>
  );
}

/** A specific, human-readable failure: what is wrong and why. */
export function ErrorState({ title, reason, children }: { title: string; reason?: string; children?: ReactNode }) {
  // Server messages often start with the same words as the title ("Ollama API unreachable: …"); show the why only once.
  const why = reason?.startsWith(`${title}: `) ? reason.slice(title.length + 2) : reason;
  return (
    <div role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm">
      <p className="font-medium text-bad">{title}</p>
      {why ? <p className="mt-0.5 break-words text-muted">{why}</p> : null}
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-muted">{children}</p>;
}

/** An error as the console's API describes it: a failed request (HttpError) or a failed part of a 200 answer. */
export type ApiError = Error | { code?: string; system?: string; message: string };

const SYSTEM: Record<string, string> = {
  kubernetes: "Kubernetes API",
  ollama: "Ollama API",
  agent: "Cache agent",
  prometheus: "Prometheus",
  console: "Console",
};

/** A title in words for an error from the console's API ("Kubernetes API unreachable", "Ollama API: access denied"). */
export function errorTitle(error: ApiError): string {
  const e = error instanceof HttpError ? { code: error.code, system: error.system, status: error.status } : error instanceof Error ? {} : error;
  // fetchJson's own failure: the browser never reached the console.
  if ("status" in e && e.status === 0) return "Console unreachable";
  const system = SYSTEM[e.system ?? ""] ?? "Console";
  switch (e.code) {
    case "unreachable":
      return `${system} unreachable`;
    case "forbidden":
      return `${system}: access denied`;
    case "not_found":
      return "Not found";
    case "unavailable":
      return `${system} unavailable`;
    case "unauthorized":
      return e.system === "console" ? "Signed out" : `${system} rejected the console's credentials`;
    default:
      return `${system} error`;
  }
}

/** The failure of a query or of a part of its answer; `title` overrides the one said from the error's system and code. */
export function QueryError({ error, title }: { error: ApiError; title?: string }) {
  return <ErrorState title={title ?? errorTitle(error)} reason={error.message} />;
}

/** Why data on screen is not current, and since when (undefined: never current since the page opened). */
export interface Stale {
  reason: string;
  since: string | number | undefined;
}

/** "Stale since 10:42:03: Kubernetes API unreachable: …" above data that is kept on screen while its source fails. */
export function StaleNote({ stale }: { stale: Stale | undefined }) {
  if (!stale) return null;
  return (
    <p role="status" className="mb-3 rounded border border-warn/40 bg-warn/10 px-2 py-1 text-xs text-warn">
      Stale since {stale.since === undefined ? "the start" : new Date(stale.since).toLocaleTimeString()}: {stale.reason}
    </p>
  );
}
