"use client";
// The service card: tier, owner, exposure, backup class, RPO/RTO, last reviewed — from the Deployment's annotations; hidden when absent.
import { useQuery } from "@tanstack/react-query";
import { Panel } from "@/components/ui/panel";
import { overviewQueries } from "./queries";

export function ServiceCard() {
  const q = useQuery(overviewQueries.serviceCard());
  // Optional by design: nothing to show when the annotations are absent or unreadable (other widgets report Kubernetes errors).
  if (!q.data || q.data.fields.length === 0) return null;
  return (
    <Panel title="Service card">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {q.data.fields.map((f) => (
          <div key={f.key} className="contents">
            <dt className="text-muted">{f.label}</dt>
            <dd className="break-words">{f.value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
