import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { pageUser } from "@/lib/features/auth/session";
import { config } from "@/lib/doors/runtime/config";
import { Sidebar } from "@/components/shell/sidebar";
import { ThemeToggle, type ThemeChoice } from "@/components/shell/theme-toggle";

export const metadata: Metadata = {
  icons: {
    icon: [{ url: "/favicon.ico", sizes: "16x16 32x32 48x48" }, { url: "/icons/icon.svg", type: "image/svg+xml" }],
    apple: "/icons/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("theme")?.value;
  const initial: ThemeChoice = theme === "dark" || theme === "light" ? theme : "system";
  // proxy.ts already sends visitors without a session to /login; this keeps the console closed should its matcher miss.
  const user = await pageUser();
  if (!user) redirect("/login");
  return (
    <div className="flex min-h-screen flex-col">
      {/* On a phone the wordmark and the theme's label give way, so the user name and buttons keep their full width. */}
      <header className="sticky top-0 z-10 flex h-12 items-center justify-between gap-2 border-b border-border bg-panel px-3 sm:px-4">
        <div className="flex shrink-0 items-center gap-2">
          <span aria-hidden className="grid h-6 w-6 place-items-center rounded bg-accent text-xs font-bold text-on-accent">O</span>
          <span className="hidden font-semibold sm:inline">Ollama Ops</span>
          <span className="sr-only sm:hidden">Ollama Ops</span>
        </div>
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          <ThemeToggle initial={initial} />
          <UserMenu name={user.name} role={user.role} demo={config().auth.demo} />
        </div>
      </header>
      <div className="flex flex-1">
        <Sidebar role={user.role} />
        <main id="main" className="min-w-0 flex-1 p-4 pb-20 md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
