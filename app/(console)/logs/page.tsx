// /logs — Ollama's own log, live, with highlights, the previous container and the restart history (admin only).
import type { Metadata } from "next";
import { LogsPage } from "@/components/logs/logs-page";
import { PageHeader } from "@/components/ui/panel";
import { ErrorState } from "@/components/ui/states";
import { hasRole } from "@/lib/shared/auth/roles";
import { signedInUser } from "../signed-in";

export const metadata: Metadata = { title: "Logs" };

export default async function Logs() {
  const user = await signedInUser();
  return (
    <>
      <PageHeader title="Logs" subtitle="The Ollama container's own log. Only admins see it, and every view is recorded in Activity." />
      {hasRole(user.role, "admin") ? (
        <LogsPage />
      ) : (
        <ErrorState title="Admins only" reason={`Ollama's log can hold prompts, so only admins may read it; you are signed in as ${user.role}.`} />
      )}
    </>
  );
}
