// Single sign-on through the operator's identity provider (Authentik, Keycloak, Authelia…): groups claim → console role.
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { OidcSettings, RoleGroup } from "../../doors/runtime/config/auth";
import { hasRole, type Role, type SessionUser } from "../../shared/auth/roles";

type Claims = Record<string, unknown>;

/** A user as the OIDC profile callback builds it; role undefined = no mapped group, sign-in is refused. */
export type OidcUser = Omit<SessionUser, "role"> & { role: Role | undefined; groups: string[] };

/** Reads the groups claim: a list or a single string; a dotted name reaches into objects (Keycloak's `realm_access.roles`). */
export function groupsFromClaims(claims: Claims, claimName: string): string[] {
  let value: unknown = claims[claimName];
  if (value === undefined && claimName.includes(".")) {
    value = claimName.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Claims)[key] : undefined), claims);
  }
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === "string") : [];
}

/** The highest role any of `groups` maps to ("*" maps everyone), or undefined. */
export function roleForGroups(groups: string[], mapping: RoleGroup[]): Role | undefined {
  let best: Role | undefined;
  for (const { role, group } of mapping) {
    if ((group === "*" || groups.includes(group)) && (!best || hasRole(role, best))) best = role;
  }
  return best;
}

/** Claims → the console's user: a stable id (sub@issuer host), a readable name and the mapped role. */
export function oidcUser(claims: Claims, settings: Pick<OidcSettings, "issuer" | "groupsClaim" | "roleGroups">): OidcUser {
  const text = (key: string) => {
    const value = claims[key];
    return typeof value === "string" && value ? value : undefined;
  };
  const sub = text("sub") ?? "";
  const groups = groupsFromClaims(claims, settings.groupsClaim);
  return {
    id: `${sub}@${new URL(settings.issuer).host}`,
    name: text("preferred_username") ?? text("name") ?? text("email") ?? sub,
    role: roleForGroups(groups, settings.roleGroups),
    provider: "oidc",
    groups,
  };
}

/** The next-auth provider for the configured issuer (discovery, PKCE + state + nonce, ID token verified). */
export function oidcProvider(settings: OidcSettings): OAuthConfig<Claims> {
  return {
    id: "oidc",
    name: settings.name,
    type: "oauth",
    wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: settings.scopes } },
    checks: ["pkce", "state", "nonce"],
    idToken: true,
    userinfo: {
      // Some providers (Authelia, oidc-provider) put groups only in userinfo; ask it when the ID token lacks them.
      async request({ tokens, client }) {
        // next-auth types `tokens` as plain parameters; at runtime it is openid-client's TokenSet.
        const tokenSet = tokens as Parameters<typeof client.userinfo>[0] & { claims: () => Claims };
        const claims = tokenSet.claims();
        if (groupsFromClaims(claims, settings.groupsClaim).length) return claims;
        return { ...claims, ...(await client.userinfo(tokenSet)) };
      },
    },
    profile: (claims) => oidcUser(claims, settings),
  };
}
