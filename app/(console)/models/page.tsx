import { PageHeader } from "@/components/ui/panel";

export default function ModelsPage() {
  return <PageHeader title="Models" />;
}
