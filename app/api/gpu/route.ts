// GET /api/gpu — GPU inventory and each loaded model's placement (weights/KV per device, offload reason) from Ollama's log.
import { route } from "@/lib/features/server/route";
import { gpuView as answer } from "@/lib/shared/contracts/logs";
import { gpuView } from "@/lib/features/logs/gpu";

export const dynamic = "force-dynamic";

export const GET = route({ response: answer }, ({ target }) => gpuView(target));
