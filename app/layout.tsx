import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Ollama Ops", template: "%s · Ollama Ops" },
  description: "Admin console for an Ollama server on Kubernetes",
  // favicon.ico is served without a session (proxy.ts skips it), so the sign-in page has its icon too; the console's
  // layout adds the app icons and the manifest, which need a session.
  icons: { icon: [{ url: "/favicon.ico", sizes: "16x16 32x32 48x48" }] },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("theme")?.value;
  return (
    <html lang="en" data-theme={theme === "dark" || theme === "light" ? theme : undefined}>
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
