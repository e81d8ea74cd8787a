// What the create and restore forms send, validated the same way in the browser and on the server.
import { z } from "zod";
import { nameProblem } from "./names";
import { restoreSizeProblem } from "./sizing";

/** An object name, checked as a DNS-1123 subdomain with a message naming the rule broken. */
const objectName = z.string().superRefine((v, ctx) => {
  const problem = nameProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `"${v}" is not a valid name: ${problem}` });
});

/** Blank means "use the default"; the browser sends "" for an untouched field. */
const optionalName = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), objectName.optional());

export const createSnapshotBody = z.strictObject({
  name: optionalName,
  /** Omitted = the cluster's default class. */
  className: optionalName,
});
export type CreateSnapshotBody = z.infer<typeof createSnapshotBody>;

/** The quantity grammar and the upper bound; the lower bound (the snapshot's restore size) is checked on the server. */
const size = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = restoreSizeProblem(v, undefined);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const restoreSnapshotBody = z.strictObject({
  name: optionalName,
  /** Omitted = max(restore size, cache PVC request). */
  size: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), size.optional()),
});
export type RestoreSnapshotBody = z.infer<typeof restoreSnapshotBody>;

/** Path parameter naming a snapshot or a claim. */
export const nameParams = z.object({ name: objectName });
