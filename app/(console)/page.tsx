import { ServiceStatus } from "@/components/overview/service-status";
import { PageHeader } from "@/components/ui/panel";

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" subtitle="Is the model server healthy, how much disk is left, what is loaded." />
      <ServiceStatus />
    </>
  );
}
