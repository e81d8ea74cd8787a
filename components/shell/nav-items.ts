// The console's sections, in navigation order; `role` hides a link from users below it (the API refuses them anyway).
import type { Role } from "@/lib/shared/auth/roles";

export const NAV_ITEMS: readonly { href: string; label: string; icon: string; role?: Role }[] = [
  { href: "/", label: "Overview", icon: "M3 12l9-9 9 9M5 10v10h14V10" },
  { href: "/models", label: "Models", icon: "M4 7l8-4 8 4-8 4-8-4zm0 5l8 4 8-4M4 17l8 4 8-4" },
  { href: "/snapshots", label: "Snapshots", icon: "M4 8h3l2-3h6l2 3h3v11H4zM12 17a4 4 0 100-8 4 4 0 000 8z" },
  { href: "/keys", label: "API keys", icon: "M15 7a4 4 0 11-3.9 4.9L4 19v-3h3v-3h3l1.1-1.1A4 4 0 0115 7z", role: "admin" },
  { href: "/activity", label: "Activity", icon: "M3 12h4l3 8 4-16 3 8h4" },
  { href: "/server", label: "Server", icon: "M4 5h16v6H4zM4 13h16v6H4zM8 8h.01M8 16h.01" },
  { href: "/logs", label: "Logs", icon: "M5 4h14v16H5zM8 8h8M8 12h8M8 16h5", role: "admin" },
];
