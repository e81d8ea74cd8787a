// GET /api/gpu — GPU inventory and each loaded model's placement (weights/KV per device, offload reason) from Ollama's log.
import { route } from "@/lib/api/route";
import { gpuView as answer } from "@/lib/contracts/logs";
import { gpuView } from "@/lib/logs/gpu";

export const dynamic = "force-dynamic";

export const GET = route({ response: answer }, ({ target }) => gpuView(target));
