import type { Metadata } from "next";
import { ModelsPage } from "@/components/models/models-page";
import { userCan } from "../signed-in";

export const metadata: Metadata = { title: "Models" };

export default async function Page() {
  return <ModelsPage canOperate={await userCan("operator")} />;
}
