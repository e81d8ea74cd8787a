import { PageHeader } from "@/components/ui/panel";

export default function SnapshotsPage() {
  return <PageHeader title="Snapshots" />;
}
