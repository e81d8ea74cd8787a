import { describe, expect, it } from "vitest";
import { groupsFromClaims, oidcUser, roleForGroups } from "./oidc";

const mapping = [
  { role: "admin" as const, group: "ollama-admins" },
  { role: "operator" as const, group: "ollama-operators" },
  { role: "viewer" as const, group: "staff" },
];

describe("groups → role", () => {
  it("picks the highest role any group maps to, whatever the order", () => {
    expect(roleForGroups(["staff", "ollama-operators"], mapping)).toBe("operator");
    expect(roleForGroups(["ollama-admins", "staff"], [...mapping].reverse())).toBe("admin");
    expect(roleForGroups(["staff"], mapping)).toBe("viewer");
  });

  it("gives no role without a matching group, unless * maps everyone", () => {
    expect(roleForGroups(["sales"], mapping)).toBeUndefined();
    expect(roleForGroups([], [...mapping, { role: "viewer", group: "*" }])).toBe("viewer");
  });

  it("reads list, single-string and nested claims", () => {
    expect(groupsFromClaims({ groups: ["a", 3, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFromClaims({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(groupsFromClaims({ realm_access: { roles: ["ollama-admins"] } }, "realm_access.roles")).toEqual(["ollama-admins"]);
    expect(groupsFromClaims({}, "groups")).toEqual([]);
  });
});

describe("oidcUser", () => {
  const settings = { issuer: "https://id.example.com/application/o/ollama", groupsClaim: "groups", roleGroups: mapping };

  it("builds a stable id, a readable name and the mapped role", () => {
    expect(oidcUser({ sub: "42", preferred_username: "dana", email: "d@example.com", groups: ["ollama-operators"] }, settings)).toEqual({
      id: "42@id.example.com",
      name: "dana",
      role: "operator",
      provider: "oidc",
      groups: ["ollama-operators"],
    });
    expect(oidcUser({ sub: "43", email: "e@example.com" }, settings)).toMatchObject({ name: "e@example.com", role: undefined });
  });
});
