"use client";
// The service card: tier, owner, exposure, backup class, RPO/RTO, last reviewed — from the Deployment's annotations; hidden when absent.
import { useQuery } from "@tanstack/react-query";
import { Facts } from "@/components/ui/facts";
import { Panel } from "@/components/ui/panel";
import { overviewQueries } from "./queries";

export function ServiceCard() {
  const q = useQuery(overviewQueries.serviceCard());
  // Optional by design: nothing to show when the annotations are absent or unreadable (other widgets report Kubernetes errors).
  if (!q.data || q.data.fields.length === 0) return null;
  return (
    <Panel title="Service card">
      <Facts rows={q.data.fields.map((f) => [f.label, f.value] as const)} />
    </Panel>
  );
}
