// GET /api/overview/health — the health strip: Deployment, Ollama API, model cache, each with its own verdict or error.
import { route } from "@/lib/api/route";
import { overviewHealth } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({}, ({ target }) => overviewHealth(target));
