// GET /api/gpu — GPU inventory and each loaded model's placement (weights/KV per device, offload reason) from Ollama's log.
import { route } from "@/lib/api/route";
import { gpuView } from "@/lib/logs/gpu";

export const dynamic = "force-dynamic";

export const GET = route({}, ({ target }) => gpuView(target));
