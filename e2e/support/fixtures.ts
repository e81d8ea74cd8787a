// The `test` every browser spec imports: adds a `sim` fixture (control API) and resets the simulators to homelab before
// each test; and signedInAs(role), the one way a spec signs in (e2e/support/auth.ts).
import { test as base, expect } from "@playwright/test";
import { simControl, type SimControl } from "./sim.ts";

export const test = base.extend<{ sim: SimControl }>({
  sim: async ({}, provide) => {
    await simControl.clearFaults();
    await simControl.scenario("homelab");
    await provide(simControl);
    await simControl.clearFaults();
  },
});

export { expect };
export { signedInAs } from "./auth.ts";
