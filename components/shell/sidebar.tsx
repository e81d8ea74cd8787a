"use client";
// Left navigation on wide screens, a bottom tab bar on phones.
import Link from "next/link";
import { usePathname } from "next/navigation";
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

export function Sidebar() {
  const pathname = usePathname();
  return (
    <>
      <nav aria-label="Main" className="hidden w-52 shrink-0 border-r border-border bg-panel md:block">
        <ul className="flex flex-col gap-0.5 p-2">
          {NAV_ITEMS.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive(pathname, item.href) ? "page" : undefined}
                className="flex items-center gap-2.5 rounded-md px-3 py-2 text-sm text-muted hover:bg-raised hover:text-fg aria-[current=page]:bg-raised aria-[current=page]:font-medium aria-[current=page]:text-fg"
              >
                <Icon d={item.icon} />
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <nav aria-label="Main (mobile)" className="fixed inset-x-0 bottom-0 z-20 border-t border-border bg-panel md:hidden">
        <ul className="grid grid-cols-4">
          {NAV_ITEMS.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive(pathname, item.href) ? "page" : undefined}
                className="flex flex-col items-center gap-0.5 py-2 text-2xs text-muted aria-[current=page]:text-accent"
              >
                <Icon d={item.icon} />
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
