import type { Metadata } from "next";
import { SnapshotsPage } from "@/components/snapshots/snapshots-page";

export const metadata: Metadata = { title: "Snapshots" };

export default function Page() {
  return <SnapshotsPage />;
}
