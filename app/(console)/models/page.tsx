import type { Metadata } from "next";
import { ModelsPage } from "@/components/models/models-page";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Models" };

export default async function Page() {
  const user = await pageUser();
  // The server enforces roles on every mutation; this only greys out buttons a viewer cannot use.
  return <ModelsPage canOperate={user !== null && hasRole(user.role, "operator")} canAdmin={user !== null && hasRole(user.role, "admin")} />;
}
