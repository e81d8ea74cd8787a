// What the exposure check answers (GET /api/exposure).
import { z } from "zod";

export const probeEvidence = z.object({
  /** The request exactly as sent, e.g. `POST /api/pull with body "{"`. */
  request: z.string(),
  path: z.string(),
  status: z.number().optional(),
  error: z.string().optional(),
  verdict: z.enum(["open", "auth", "closed", "unreachable"]),
});
export type ProbeEvidence = z.infer<typeof probeEvidence>;

export const middlewareInfo = z.object({
  /** "namespace/name" as the route names it. */
  ref: z.string(),
  /** Absent when no Middleware CR by that name was found (or it could not be read). */
  types: z.array(z.enum(["basicAuth", "forwardAuth", "digestAuth", "ipAllowList", "ipWhiteList", "rateLimit", "other"])).optional(),
  address: z.string().optional(),
});
export type MiddlewareInfo = z.infer<typeof middlewareInfo>;

export const routeGuard = z.object({
  kind: z.enum(["Ingress", "IngressRoute"]),
  name: z.string(),
  hosts: z.array(z.string()),
  middlewares: z.array(middlewareInfo),
});
export type RouteGuard = z.infer<typeof routeGuard>;

export const advisory = z.object({
  id: z.string(),
  summary: z.string(),
  affected: z.object({ introduced: z.string().optional(), fixed: z.string() }),
  fixed: z.string(),
  source: z.string(),
});

export const advisoryCheck = z.object({
  version: z.string(),
  comparable: z.boolean(),
  affecting: z.array(advisory),
  upgradeTo: z.string().optional(),
});
export type AdvisoryCheck = z.infer<typeof advisoryCheck>;

export const exposureLevel = z.enum(["red", "amber", "green", "neutral"]);
export type ExposureLevel = z.infer<typeof exposureLevel>;

/** GET /api/exposure */
export const exposureReport = z.object({
  level: exposureLevel,
  headline: z.string(),
  /** One line per finding, each naming its evidence. */
  findings: z.array(z.string()),
  externalUrl: z.string().optional(),
  probes: z.array(probeEvidence),
  routes: z.array(routeGuard),
  middlewareError: z.string().optional(),
  advisory: advisoryCheck.optional(),
  checkedAt: z.string(),
});
export type ExposureReport = z.infer<typeof exposureReport>;
