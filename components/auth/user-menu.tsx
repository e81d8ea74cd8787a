"use client";
// Header account block: who is signed in, with which role, and a sign-out button.
import { signOut } from "next-auth/react";
import type { Role } from "@/lib/shared/auth/roles";

const ROLE_STYLE: Record<Role, string> = {
  viewer: "border-border text-muted",
  operator: "border-info/50 text-info",
  admin: "border-warn/60 text-warn",
};

export function UserMenu({ name, role, demo }: { name: string; role: Role; demo: boolean }) {
  return (
    <div role="group" aria-label="Account" className="flex min-w-0 items-center gap-2 text-sm">
      {demo ? <span className="rounded bg-warn/20 px-1.5 py-0.5 text-2xs font-semibold uppercase text-warn">Demo</span> : null}
      <span className="min-w-[3ch] max-w-[12rem] shrink truncate font-medium" title={name}>
        {name}
      </span>
      <span aria-label={`Role: ${role}`} className={`shrink-0 rounded border px-1.5 py-0.5 text-2xs font-medium uppercase ${ROLE_STYLE[role]}`}>
        {role}
      </span>
      <button
        type="button"
        onClick={() => void signOut({ callbackUrl: "/login" })}
        className="shrink-0 whitespace-nowrap rounded-md border border-border px-2.5 py-1 text-xs text-muted hover:bg-raised hover:text-fg"
      >
        Sign out
      </button>
    </div>
  );
}
