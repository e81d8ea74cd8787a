// GET /api/overview/service-card — the service card from the Deployment's ollama-ops.dev annotations.
import { route } from "@/lib/features/server/route";
import { serviceCardResponse } from "@/lib/shared/contracts/overview";
import { overviewServiceCard } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: serviceCardResponse, shared: true }, ({ target }) => overviewServiceCard(target));
