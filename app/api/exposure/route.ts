// GET /api/exposure — is Ollama exposed, and how: unauthenticated side-effect-free probes of EXTERNAL_URL, the routes'
// Traefik Middlewares and the version advisory, each finding with its evidence.
import { route } from "@/lib/features/server/route";
import { exposureReport as answer } from "@/lib/shared/contracts/exposure";
import { exposureReport } from "@/lib/features/exposure";

export const dynamic = "force-dynamic";

export const GET = route({ response: answer }, ({ target }) => exposureReport(target));
