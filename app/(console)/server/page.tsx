// /server — what the running Ollama process reports about itself: effective settings (spec vs running) and GPUs/VRAM.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { GpuPanel } from "@/components/logs/gpu-panel";
import { SettingsPanel } from "@/components/logs/settings-panel";
import { PageHeader } from "@/components/ui/panel";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Server" };

export default async function Server() {
  const user = await pageUser();
  if (!user) redirect("/login");
  return (
    <>
      <PageHeader title="Server" subtitle="Ollama's effective settings and GPUs, read from the Deployment and from what the running process logged." />
      <div className="space-y-4">
        <GpuPanel />
        <SettingsPanel canChange={hasRole(user.role, "operator")} />
      </div>
    </>
  );
}
