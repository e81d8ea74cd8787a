// GET /api/overview/pods — Ollama pods with status, last termination and the kept restart history.
import { route } from "@/lib/features/server/route";
import { podsResponse } from "@/lib/shared/contracts/overview";
import { overviewPods } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: podsResponse, shared: true }, ({ target }) => overviewPods(target));
