import { PageHeader } from "@/components/ui/panel";

export default function ActivityPage() {
  return <PageHeader title="Activity" />;
}
