// The Overview: composes independent widgets, each with its own query, loading and error state.
import { AccessPath } from "@/components/overview/access-path";
import { DiskHeadroom } from "@/components/overview/disk-headroom";
import { HealthStrip } from "@/components/overview/health-strip";
import { LastSnapshot } from "@/components/overview/last-snapshot";
import { LoadedModels } from "@/components/overview/loaded-models";
import { PodsTable } from "@/components/overview/pods-table";
import { ServiceCard } from "@/components/overview/service-card";
import { WarningEvents } from "@/components/overview/warning-events";
import { PageHeader } from "@/components/ui/panel";

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" subtitle="Is the model server healthy, how much disk is left, what is loaded." />
      <HealthStrip />
      <div className="grid gap-4 xl:grid-cols-3">
        <div className="min-w-0 space-y-4 xl:col-span-2">
          <PodsTable />
          <DiskHeadroom />
          <WarningEvents />
        </div>
        <div className="min-w-0 space-y-4">
          <LoadedModels />
          <AccessPath />
          <ServiceCard />
          <LastSnapshot />
        </div>
      </div>
    </>
  );
}
