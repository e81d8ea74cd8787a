// The Activity list: this process's records merged with the cluster's copy (Events), filtered, newest first.
import "server-only";
import { listAuditEvents } from "../../doors/kubernetes/audit-events";
import type { Target } from "../../doors/runtime/config";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { AppError } from "../../doors/runtime/errors";
import { facets, matches, mergeRecords, type ActivityFilter } from "../../shared/audit/filter";
import { recentAudit } from "./";
import type { ActivityList, AuditRecord } from "../../shared/audit/types";

// Every open Activity tab polls; the API server sees one list call per few seconds whatever their number.
const clusterRecords = registerCache("activity from Events", coalescer<AuditRecord[]>(5_000));

/** Recent audit records matching `filter`, at most `limit`. Never throws: a cluster failure is reported beside local records. */
export async function listActivity(target: Target, filter: ActivityFilter, limit: number): Promise<ActivityList> {
  let cluster: AuditRecord[] = [];
  let clusterError: string | undefined;
  try {
    cluster = await clusterRecords.get(`${target.context ?? ""}/${target.namespace}/${target.deployment}`, () => listAuditEvents(target));
  } catch (err) {
    clusterError = err instanceof AppError ? err.message : "unexpected error reading Kubernetes Events";
  }
  const all = mergeRecords(recentAudit(), cluster);
  return {
    entries: all.filter((r) => matches(r, filter)).slice(0, limit),
    facets: facets(all),
    ...(clusterError ? { clusterError } : {}),
  };
}
