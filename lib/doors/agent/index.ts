// Reads the cache agent's versioned report (GET <agent>/v1/report, contract in agent/wire.ts) and validates it.
import "server-only";
import { z } from "zod";
import { API_VERSION, REPORT_PATH, type AgentReport } from "../../../agent/wire";
import { AppError, networkReason } from "../runtime/errors";

const AGENT_TIMEOUT_MS = 3_000;
const bytes = z.number().int().nonnegative();

const reportSchema = z.object({
  apiVersion: z.literal(API_VERSION),
  time: z.string(),
  path: z.string(),
  fs: z.object({ capacityBytes: bytes, usedBytes: bytes, availableBytes: bytes, inodes: bytes, inodesFree: bytes, inodesUsed: bytes }),
  inventory: z.object({
    models: z.array(
      z.object({
        name: z.string(),
        bytes,
        uniqueBytes: bytes,
        sharedBytes: bytes,
        missingBytes: bytes,
        layers: z.array(z.object({ digest: z.string(), mediaType: z.string(), size: bytes, shared: z.boolean(), present: z.boolean() })),
      }),
    ),
    referencedBytes: bytes,
    sharedBytes: bytes,
    partial: z.object({
      bytes,
      files: bytes,
      downloads: z.array(z.object({ digest: z.string(), bytes, totalBytes: bytes.optional(), modifiedAt: z.string().optional() })),
    }),
    unreferenced: z.object({ bytes, blobs: z.array(z.object({ digest: z.string(), bytes })) }),
    other: z.object({ bytes, files: bytes }),
    manifestCount: bytes,
    blobCount: bytes,
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
}) satisfies z.ZodType<AgentReport>;

/** Validates a report body; throws AppError naming the first field that does not match v1. */
export function parseAgentReport(body: unknown): AgentReport {
  const parsed = reportSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw new AppError("upstream", `cache agent sent an unexpected report (${where}${issue?.message ?? "invalid"})`, "agent");
}

/** GET <agentUrl>/v1/report. Throws AppError (system "agent"). */
export async function readAgentReport(agentUrl: string): Promise<AgentReport> {
  let res: Response;
  try {
    res = await fetch(`${agentUrl}${REPORT_PATH}`, { signal: AbortSignal.timeout(AGENT_TIMEOUT_MS), headers: { Accept: "application/json" } });
  } catch (err) {
    throw new AppError("unreachable", `cache agent unreachable: ${networkReason(err) ?? "fetch failed"}`, "agent", { cause: err });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("upstream", `cache agent answered HTTP ${res.status} without JSON`, "agent");
  }
  if (!res.ok) {
    const message = (body as { error?: unknown } | null)?.error;
    throw new AppError("upstream", `cache agent answered HTTP ${res.status}: ${typeof message === "string" ? message : "error"}`, "agent");
  }
  return parseAgentReport(body);
}
