// GET /api/overview/health — the health strip: Deployment, Ollama API, model cache, each with its own verdict or error.
import { route } from "@/lib/features/server/route";
import { healthResponse } from "@/lib/shared/contracts/overview";
import { overviewHealth } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: healthResponse, shared: true }, ({ target }) => overviewHealth(target));
