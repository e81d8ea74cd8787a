// Who may create, delete and restore: the signed-in user's role and the console's own RBAC (SelfSubjectAccessReview), so buttons explain themselves.
import "server-only";
import { hasRole, type Role, type SessionUser } from "../../shared/auth/roles";
import { consoleMay, type ResourceCheck } from "../../doors/kubernetes/access";
import { SNAPSHOT_GROUP as GROUP } from "../../doors/kubernetes/snapshots";
import type { Target } from "../../doors/runtime/config";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import type { Permission, SnapshotAccess } from "../../shared/snapshots/types";

/**
 * Production lifetime (issue 18: it had been cut to 2 s to hide a test that warmed the cache). A review only decides
 * how a button explains itself (the real call still reports a denial), and RBAC changes are rare and deliberate: 5 s
 * shows a fixed (or newly broken) Role within one refresh of the page, while polling tabs cost at most one
 * SelfSubjectAccessReview per check per 5 s.
 */
const reviews = registerCache("permission reviews", coalescer<string | undefined>(5_000));

const CHECKS: Record<keyof SnapshotAccess, ResourceCheck> = {
  create: { verb: "create", group: GROUP, resource: "volumesnapshots" },
  delete: { verb: "delete", group: GROUP, resource: "volumesnapshots" },
  restore: { verb: "create", group: "", resource: "persistentvolumeclaims" },
};

const ROLE_NEEDED: Record<keyof SnapshotAccess, Role> = { create: "operator", delete: "admin", restore: "admin" };

/** undefined = allowed (or unknown: the real call will report a denial); else the missing permission in words. */
function reviewOne(target: Target, check: ResourceCheck): Promise<string | undefined> {
  const key = `ssar:${target.context ?? ""}:${target.namespace}:${check.verb}:${check.group}/${check.resource}`;
  return reviews.get(key, async () => {
    const allowed = await consoleMay(target, check).catch(() => true); // unknown: the real call will report a denial
    if (allowed) return undefined;
    const resource = check.group ? `${check.resource}.${check.group}` : check.resource;
    return `the console's service account may not ${check.verb} ${resource} in namespace ${target.namespace}`;
  });
}

async function permission(target: Target, user: Pick<SessionUser, "role">, action: keyof SnapshotAccess): Promise<Permission> {
  const need = ROLE_NEEDED[action];
  if (!hasRole(user.role, need)) return { allowed: false, reason: `needs the ${need} role; you are signed in as ${user.role}` };
  const denial = await reviewOne(target, CHECKS[action]);
  return { allowed: denial === undefined, reason: denial };
}

/** What the user may do with snapshots here, each with the reason when not. Never throws. */
export async function snapshotAccess(target: Target, user: Pick<SessionUser, "role">): Promise<SnapshotAccess> {
  const [create, del, restore] = await Promise.all([permission(target, user, "create"), permission(target, user, "delete"), permission(target, user, "restore")]);
  return { create, delete: del, restore };
}
