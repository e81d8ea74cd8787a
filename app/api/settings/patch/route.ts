// POST /api/settings/patch — a Kustomize patch setting OLLAMA_* variables, with the KV-cache memory hint (changes nothing).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { patchResult } from "@/lib/shared/contracts/logs";
import { gpuView } from "@/lib/features/logs/gpu";
import { settingsPatch } from "@/lib/features/logs/settings-view";

export const dynamic = "force-dynamic";

const Body = z.object({
  changes: z
    .record(z.string().regex(/^OLLAMA_[A-Z_]{1,40}$/, "an OLLAMA_* variable name"), z.string().max(200))
    .refine((c) => Object.keys(c).length > 0, "name at least one setting to change")
    .refine((c) => Object.keys(c).length <= 20, "at most 20 settings at once"),
});

export const POST = route({ role: "operator", body: Body, response: patchResult }, async ({ target, body }) => {
  const gpu = await gpuView(target);
  const loaded = gpu.models.map((m) => {
    const kv = m.devices.flatMap((d) => (d.kvCacheBytes === undefined ? [] : [d.kvCacheBytes]));
    return { name: m.name, contextLength: m.contextLength, kvBytes: kv.length ? kv.reduce((a, b) => a + b, 0) : undefined };
  });
  return settingsPatch(target, body.changes, loaded);
});
