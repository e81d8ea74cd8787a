// /activity — the audit trail: every change and sign-in, who, what, when and how it ended.
import type { Metadata } from "next";
import { ActivityView } from "@/components/activity/activity-view";
import { PageHeader } from "@/components/ui/panel";

export const metadata: Metadata = { title: "Activity" };

export default function ActivityPage() {
  return (
    <>
      <PageHeader title="Activity" subtitle="Changes and sign-ins, newest first. Also recorded as Kubernetes Events on the Ollama Deployment." />
      <ActivityView />
    </>
  );
}
