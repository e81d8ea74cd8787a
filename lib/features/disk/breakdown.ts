// "What uses the space": the used bytes split into per-model, shared layers, partial downloads, unreferenced blobs, the rest.
import "server-only";
import type { Inventory } from "../../../agent/wire";

export type SliceKind = "model" | "shared" | "partial" | "unreferenced" | "other" | "outside";

export interface SpaceSlice {
  kind: SliceKind;
  label: string;
  bytes: number;
}

export interface SpaceBreakdown {
  slices: SpaceSlice[];
  /** True when shared layers could not be told apart (no cache agent): model sizes may overlap. */
  approximate: boolean;
}

/** From the agent's inventory (exact) or, without it, from model sizes (approximate); largest models first. */
export function spaceBreakdown(usedBytes: number, inventory: Inventory | undefined, models: { name: string; size: number }[] = []): SpaceBreakdown {
  const slices: SpaceSlice[] = inventory
    ? [
        ...inventory.models.map((m) => ({ kind: "model" as const, label: m.name, bytes: m.uniqueBytes })),
        { kind: "shared", label: "Shared layers", bytes: inventory.sharedBytes },
        { kind: "partial", label: "Partial downloads", bytes: inventory.partial.bytes },
        { kind: "unreferenced", label: "Unreferenced blobs", bytes: inventory.unreferenced.bytes },
        { kind: "other", label: "Other files in blobs/", bytes: inventory.other.bytes },
      ]
    : models.map((m) => ({ kind: "model" as const, label: m.name, bytes: m.size }));
  const counted = slices.reduce((n, s) => n + s.bytes, 0);
  const rest = usedBytes - counted;
  // What statfs counts but the inventory does not: manifests, filesystem metadata, files outside the models folder.
  if (rest > 0) slices.push({ kind: "outside", label: inventory ? "Filesystem and other files" : "Not accounted for", bytes: rest });
  const kindOrder: SliceKind[] = ["model", "shared", "partial", "unreferenced", "other", "outside"];
  return {
    slices: slices
      .filter((s) => s.bytes > 0)
      .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || b.bytes - a.bytes),
    approximate: !inventory,
  };
}
