// The Overview: composes independent widgets, each with its own query, loading and error state.
import { DiskRescue } from "@/components/disk/disk-rescue";
import { AccessPath } from "@/components/overview/access-path";
import { DiskHeadroom } from "@/components/overview/disk-headroom";
import { DriftSummary } from "@/components/overview/drift-summary";
import { HealthStrip } from "@/components/overview/health-strip";
import { LastSnapshot } from "@/components/overview/last-snapshot";
import { LoadedModels } from "@/components/models/loaded-models";
import { PodsTable } from "@/components/overview/pods-table";
import { ServiceCard } from "@/components/overview/service-card";
import { WarningEvents } from "@/components/overview/warning-events";
import { PageHeader } from "@/components/ui/panel";
import type { ReactNode } from "react";
import { userCan } from "./signed-in";

/**
 * Below xl the two columns dissolve (`contents`) and the widgets form one column in `order`: what is loaded comes right
 * after the health strip, within a phone's first screen. From xl on, the two columns are real again.
 */
type Slot = [order: string, widget: ReactNode];

function Column({ slots, className = "" }: { slots: Slot[]; className?: string }) {
  return (
    <div className={`contents xl:block xl:min-w-0 xl:space-y-4 ${className}`}>
      {slots.map(([order, widget], i) => (
        <div key={`${order}-${i}`} className={`${order} min-w-0 empty:hidden xl:order-none`}>
          {widget}
        </div>
      ))}
    </div>
  );
}

export default async function OverviewPage() {
  const [canOperate, canAdmin] = await Promise.all([userCan("operator"), userCan("admin")]);
  const main: Slot[] = [
    // Admins get a link from each restart to the dead container's last log lines (only admins may read logs).
    ["order-2", <PodsTable key="pods" canReadLogs={canAdmin} />],
    ["order-3", <DiskHeadroom key="disk" />],
    // The server checks the role on every restart and expansion; this only greys out the buttons.
    ["order-3", <DiskRescue key="rescue" canAdmin={canAdmin} />],
    ["order-4", <WarningEvents key="events" />],
  ];
  const side: Slot[] = [
    ["order-1", <LoadedModels key="loaded" canOperate={canOperate} />],
    ["order-5", <AccessPath key="access" />],
    ["order-6", <ServiceCard key="card" />],
    ["order-7", <LastSnapshot key="snapshot" />],
  ];
  return (
    <>
      <PageHeader title="Overview" subtitle="Is the model server healthy, how much disk is left, what is loaded." />
      <HealthStrip />
      <DriftSummary />
      <div className="flex flex-col gap-4 xl:grid xl:grid-cols-3">
        <Column className="xl:col-span-2" slots={main} />
        <Column slots={side} />
      </div>
    </>
  );
}
