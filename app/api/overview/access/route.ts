// GET /api/overview/access — the access path: Service, ready endpoints, Ingress/IngressRoute, external probe.
import { route } from "@/lib/features/server/route";
import { accessResponse } from "@/lib/shared/contracts/overview";
import { overviewAccess } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: accessResponse, shared: true }, ({ target }) => overviewAccess(target));
