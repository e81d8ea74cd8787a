// The Overview: composes independent widgets, each with its own query, loading and error state.
import { AccessPath } from "@/components/overview/access-path";
import { DiskHeadroom } from "@/components/overview/disk-headroom";
import { HealthStrip } from "@/components/overview/health-strip";
import { LastSnapshot } from "@/components/overview/last-snapshot";
import { LoadedModels } from "@/components/models/loaded-models";
import { PodsTable } from "@/components/overview/pods-table";
import { ServiceCard } from "@/components/overview/service-card";
import { WarningEvents } from "@/components/overview/warning-events";
import { PageHeader } from "@/components/ui/panel";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";

/**
 * Below xl the two columns dissolve (`contents`) and the widgets form one column in `order`: what is loaded comes right
 * after the health strip, within a phone's first screen. From xl on, the two columns are real again.
 */
const slot = (order: string) => `${order} min-w-0 empty:hidden xl:order-none`;

export default async function OverviewPage() {
  const user = await pageUser();
  return (
    <>
      <PageHeader title="Overview" subtitle="Is the model server healthy, how much disk is left, what is loaded." />
      <HealthStrip />
      <div className="flex flex-col gap-4 xl:grid xl:grid-cols-3">
        <div className="contents xl:col-span-2 xl:block xl:min-w-0 xl:space-y-4">
          <div className={slot("order-2")}>
            <PodsTable />
          </div>
          <div className={slot("order-3")}>
            <DiskHeadroom />
          </div>
          <div className={slot("order-4")}>
            <WarningEvents />
          </div>
        </div>
        <div className="contents xl:block xl:min-w-0 xl:space-y-4">
          <div className={slot("order-1")}>
            {/* The server enforces roles on every unload; this only greys out buttons a viewer cannot use. */}
            <LoadedModels canOperate={user !== null && hasRole(user.role, "operator")} />
          </div>
          <div className={slot("order-5")}>
            <AccessPath />
          </div>
          <div className={slot("order-6")}>
            <ServiceCard />
          </div>
          <div className={slot("order-7")}>
            <LastSnapshot />
          </div>
        </div>
      </div>
    </>
  );
}
