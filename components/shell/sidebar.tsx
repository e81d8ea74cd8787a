"use client";
// Left navigation on wide screens, a bottom tab bar on phones: one list of links, two layouts.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { hasRole, type Role } from "@/lib/shared/auth/roles";
import { NAV_ITEMS } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname.startsWith(href);
}

function Icon({ d }: { d: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}

const LAYOUTS = {
  side: {
    label: "Main",
    nav: "hidden w-52 shrink-0 border-r border-border bg-panel md:block",
    list: "flex flex-col gap-0.5 p-2",
    link: "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm text-muted hover:bg-raised hover:text-fg aria-[current=page]:bg-raised aria-[current=page]:font-medium aria-[current=page]:text-fg",
  },
  bottom: {
    label: "Main (mobile)",
    nav: "fixed inset-x-0 bottom-0 z-20 border-t border-border bg-panel md:hidden",
    // minmax(0, 1fr): up to seven tabs share 390 px equally; a long label is cut, never widens the page.
    list: "grid auto-cols-[minmax(0,1fr)] grid-flow-col",
    link: "flex min-w-0 flex-col items-center gap-0.5 px-0.5 py-2 text-2xs text-muted aria-[current=page]:text-accent",
  },
} as const;

function NavList({ layout, role }: { layout: keyof typeof LAYOUTS; role: Role }) {
  const pathname = usePathname();
  const css = LAYOUTS[layout];
  return (
    <nav aria-label={css.label} className={css.nav}>
      <ul className={css.list}>
        {NAV_ITEMS.filter((item) => !item.role || hasRole(role, item.role)).map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isActive(pathname, item.href) ? "page" : undefined} className={css.link}>
              <Icon d={item.icon} />
              <span className="max-w-full truncate">{item.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Sidebar({ role }: { role: Role }) {
  return (
    <>
      <NavList layout="side" role={role} />
      <NavList layout="bottom" role={role} />
    </>
  );
}
