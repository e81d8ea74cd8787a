// /keys — API keys that Traefik forwardAuth checks for the exposed Ollama (admin only; the API answers 403 otherwise).
import type { Metadata } from "next";
import { KeysPage } from "@/components/keys/keys-page";
import { PageHeader } from "@/components/ui/panel";

export const metadata: Metadata = { title: "API keys" };

export default function Keys() {
  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Keys for clients of the exposed Ollama, checked by Traefik forwardAuth at /api/forward-auth. Admins only."
      />
      <KeysPage />
    </>
  );
}
