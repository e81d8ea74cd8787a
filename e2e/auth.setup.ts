// The "setup" project: signs each demo role in once per run and keeps its session as a storageState file, which
// signedInAs(role) hands to the tests (e2e/support/auth.ts).
import { test as setup } from "@playwright/test";
import { ROLES, signInToFile } from "./support/auth.ts";

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ baseURL }) => {
    if (!baseURL) throw new Error("the setup project needs a baseURL");
    await signInToFile(role, baseURL);
  });
}
