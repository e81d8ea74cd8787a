// Roles and what each may do: viewer reads, operator changes models and creates snapshots, admin also deletes/restores snapshots.

import { ROLES } from "../contracts/enums";

export { ROLES };
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `have` is at least `need`. */
export function hasRole(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export interface SessionUser {
  /** Stable identifier: local user name or OIDC `sub`@issuer. */
  id: string;
  /** What the audit trail and the header show. */
  name: string;
  role: Role;
  provider: "local" | "oidc" | "demo";
}
