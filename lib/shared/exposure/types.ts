// Browser-safe shapes of the exposure check: what was probed, what answered, which Middlewares guard the route, the
// verdict. They are the route's contract (lib/shared/contracts/exposure.ts), named here for the exposure code.
import type { MiddlewareInfo, ProbeEvidence } from "../contracts/exposure";

export type { ExposureLevel, ExposureReport, MiddlewareInfo, ProbeEvidence, RouteGuard } from "../contracts/exposure";

/** What one probe's answer shows about the path it asked for. */
export type ProbeVerdict = ProbeEvidence["verdict"];

export type MiddlewareType = NonNullable<MiddlewareInfo["types"]>[number];
