// GET /api/status — Deployment replicas and Ollama version, each with its own error.
import { route } from "@/lib/api/route";
import { settle } from "@/lib/api/settle";
import { readDeployment } from "@/lib/cluster/deployment";
import { readVersion } from "@/lib/ollama/version";

export const dynamic = "force-dynamic";

export const GET = route({}, async ({ target }) => {
  const [deployment, ollama] = await Promise.all([settle(readDeployment(target)), settle(readVersion(target))]);
  return { deployment, ollama };
});
