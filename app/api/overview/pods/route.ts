// GET /api/overview/pods — Ollama pods with status, last termination and the kept restart history.
import { route } from "@/lib/api/route";
import { overviewPods } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({}, ({ target }) => overviewPods(target));
