// /server — what the running Ollama process reports about itself: effective settings (spec vs running) and GPUs/VRAM.
import type { Metadata } from "next";
import { GpuPanel } from "@/components/logs/gpu-panel";
import { SettingsPanel } from "@/components/logs/settings-panel";
import { PageHeader } from "@/components/ui/panel";
import { userCan } from "../signed-in";

export const metadata: Metadata = { title: "Server" };

export default async function Server() {
  const canChange = await userCan("operator");
  return (
    <>
      <PageHeader title="Server" subtitle="Ollama's effective settings and GPUs, read from the Deployment and from what the running process logged." />
      <div className="space-y-4">
        <GpuPanel />
        <SettingsPanel canChange={canChange} />
      </div>
    </>
  );
}
