// The demo accounts (DEMO_MODE only). Their passwords are public: the sign-in page shows them, browser tests use them.
import type { Role } from "../../shared/auth/roles";

export const DEMO_USERS: readonly { name: string; role: Role; password: string }[] = [
  { name: "viewer", role: "viewer", password: "demo-viewer" },
  { name: "operator", role: "operator", password: "demo-operator" },
  { name: "admin", role: "admin", password: "demo-admin" },
];
