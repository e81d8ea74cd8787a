"use client";
// Cycles system → light → dark; the choice lives in a cookie so the server renders the right theme (no flash, no inline script).
import { useState } from "react";

export type ThemeChoice = "system" | "light" | "dark";
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<ThemeChoice, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

export function ThemeToggle({ initial }: { initial: ThemeChoice }) {
  const [choice, setChoice] = useState<ThemeChoice>(initial);
  function cycle() {
    const next = NEXT[choice];
    setChoice(next);
    const root = document.documentElement;
    if (next === "system") root.removeAttribute("data-theme");
    else root.setAttribute("data-theme", next);
    document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
  }
  return (
    <button
      type="button"
      onClick={cycle}
      className="shrink-0 whitespace-nowrap rounded-md border border-border px-2.5 py-1 text-xs text-muted hover:bg-raised hover:text-fg"
      aria-label={`${LABEL[choice]} (click to change)`}
      title={LABEL[choice]}
    >
      <span aria-hidden>{choice === "dark" ? "☾" : choice === "light" ? "☀" : "◐"}</span>
      <span className="hidden sm:inline"> {choice === "dark" ? "Dark" : choice === "light" ? "Light" : "System"}</span>
    </button>
  );
}
