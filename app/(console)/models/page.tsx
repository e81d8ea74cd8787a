import type { Metadata } from "next";
import { ModelsPage } from "@/components/models/models-page";
import { userCan } from "../signed-in";

export const metadata: Metadata = { title: "Models" };

export default async function Page() {
  const [canOperate, canAdmin] = await Promise.all([userCan("operator"), userCan("admin")]);
  return <ModelsPage canOperate={canOperate} canAdmin={canAdmin} />;
}
