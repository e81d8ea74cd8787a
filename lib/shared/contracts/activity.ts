// What the Activity page's route answers (GET /api/activity).
import { z } from "zod";
import { ROLES } from "./enums";

export const auditRecord = z.object({
  id: z.string(),
  time: z.string(),
  /** null = nobody signed in (a failed sign-in). */
  user: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }).nullable(),
  action: z.string(),
  subject: z.string(),
  outcome: z.enum(["success", "failure"]),
  message: z.string().optional(),
});
export type AuditRecord = z.infer<typeof auditRecord>;

/** GET /api/activity */
export const activityList = z.object({
  entries: z.array(auditRecord),
  /** Why the cluster's copy (Kubernetes Events) could not be read; entries are then this process's only. */
  clusterError: z.string().optional(),
  /** Distinct user names and actions across the whole trail, for the filter menus. */
  facets: z.object({ users: z.array(z.string()), actions: z.array(z.string()) }),
});
export type ActivityList = z.infer<typeof activityList>;
