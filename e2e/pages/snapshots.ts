// The Snapshots page, located by role and label only, and a wait for the console to see a scenario.
import { expect, type Locator, type Page } from "@playwright/test";
import type { SnapshotsView } from "../../lib/features/snapshots/view.ts";

/** What a freshly loaded homelab looks like through GET /api/snapshots (for any role). */
export const homelabView = (v: SnapshotsView): boolean =>
  v.snapshots.ok &&
  v.classes.ok &&
  v.classes.data.some((c) => c.isDefault) &&
  // Allowed, or refused for the role only (never for the console's own RBAC, which homelab grants).
  (v.access.create.allowed || /^needs the \w+ role/.test(v.access.create.reason ?? ""));

export class SnapshotsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  /**
   * Waits until the console answers with the scenario the test loaded, then opens the page. The console caches some
   * reads for seconds (snapshot classes 10 s, permission reviews 5 s: lib/doors/runtime/caches.ts); after a scenario change the test
   * waits for the state it needs, never for a fixed time.
   */
  async open(ready: (view: SnapshotsView) => boolean = homelabView) {
    await expect
      .poll(async () => {
        const res = await this.page.request.get("/api/snapshots");
        return res.ok() && ready((await res.json()) as SnapshotsView);
      }, { message: "the console to show the scenario this test loaded", timeout: 30_000, intervals: [250, 500, 1_000] })
      .toBe(true);
    await this.page.goto("/snapshots");
    await expect(this.page.getByRole("heading", { name: "Snapshots", level: 1 })).toBeVisible();
  }
  get list(): Locator {
    return this.page.getByRole("region", { name: "Snapshots" });
  }
  row(name: string): Locator {
    return this.list.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  }
  get dialog(): Locator {
    return this.page.getByRole("dialog");
  }
  async create(name?: string) {
    await this.page.getByRole("button", { name: "Create snapshot" }).click();
    if (name) await this.dialog.getByLabel(/^Name/).fill(name);
    await this.dialog.getByRole("button", { name: "Create snapshot" }).click();
  }
}
