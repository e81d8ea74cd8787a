// Browser-safe shapes of the exposure check: what was probed, what answered, which Middlewares guard the route, the verdict.
import type { AdvisoryCheck } from "./advisory";

/** What one probe's answer shows about the path it asked for. */
export type ProbeVerdict = "open" | "auth" | "closed" | "unreachable";

export interface ProbeEvidence {
  /** The request exactly as sent, e.g. `POST /api/pull with body "{"` (never a valid model name). */
  request: string;
  path: string;
  status: number | undefined;
  error: string | undefined;
  verdict: ProbeVerdict;
}

export type MiddlewareType = "basicAuth" | "forwardAuth" | "digestAuth" | "ipAllowList" | "ipWhiteList" | "rateLimit" | "other";

export interface MiddlewareInfo {
  /** "namespace/name" as the route names it. */
  ref: string;
  /** Undefined when no Middleware CR by that name was found (or it could not be read). */
  types: MiddlewareType[] | undefined;
  /** forwardAuth: its address. */
  address: string | undefined;
}

export interface RouteGuard {
  kind: "Ingress" | "IngressRoute";
  name: string;
  hosts: string[];
  middlewares: MiddlewareInfo[];
}

export type ExposureLevel = "red" | "amber" | "green" | "neutral";

export interface ExposureReport {
  level: ExposureLevel;
  headline: string;
  /** One line per finding, each naming its evidence. */
  findings: string[];
  externalUrl: string | undefined;
  probes: ProbeEvidence[];
  routes: RouteGuard[];
  /** Why Middlewares could not be read, if they could not. */
  middlewareError: string | undefined;
  advisory: AdvisoryCheck | undefined;
  checkedAt: string;
}
