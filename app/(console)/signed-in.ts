import "server-only";
// The user of a console page. The layout already sends visitors without a session to /login; pages ask again because
// they render in parallel with it, and a page must never render for nobody.
import { redirect } from "next/navigation";
import { hasRole, type Role, type SessionUser } from "@/lib/shared/auth/roles";
import { pageUser } from "@/lib/features/auth/session";

/** The signed-in user, or a redirect to sign-in. */
export async function signedInUser(): Promise<SessionUser> {
  const user = await pageUser();
  if (!user) redirect("/login");
  return user;
}

/** Whether the page's user holds `role`. The server enforces roles on every call; pages only grey out what a user cannot do. */
export async function userCan(role: Role): Promise<boolean> {
  return hasRole((await signedInUser()).role, role);
}
