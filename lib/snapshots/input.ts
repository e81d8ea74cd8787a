// What the create and restore forms send, validated the same way in the browser and on the server.
import { z } from "zod";
import { nameProblem } from "./names";
import { parseQuantity } from "../cluster/wire";

/** An object name, checked as a DNS-1123 subdomain with a message naming the rule broken. */
const objectName = z.string().superRefine((v, ctx) => {
  const problem = nameProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `"${v}" is not a valid name: ${problem}` });
});

/** Blank means "use the default"; the browser sends "" for an untouched field. */
const optionalName = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), objectName.optional());

export const createSnapshotBody = z.object({
  name: optionalName,
  /** Omitted = the cluster's default class. */
  className: optionalName,
});
export type CreateSnapshotBody = z.infer<typeof createSnapshotBody>;

const size = z
  .string()
  .trim()
  .refine((v) => (parseQuantity(v) ?? 0) > 0, 'expected a storage size such as "100Gi" or "120G"');

export const restoreSnapshotBody = z.object({
  name: optionalName,
  /** Omitted = max(restore size, cache PVC request). */
  size: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), size.optional()),
});
export type RestoreSnapshotBody = z.infer<typeof restoreSnapshotBody>;

/** Path parameter naming a snapshot or a claim. */
export const nameParams = z.object({ name: objectName });
