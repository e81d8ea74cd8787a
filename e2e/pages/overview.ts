// The Overview page, located by region (each widget is a labelled section).
import { expect, type Locator, type Page } from "@playwright/test";

export class OverviewPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    // Marks this document: if the page reloaded, the mark is gone.
    await this.page.evaluate(() => ((window as unknown as { overviewMark: number }).overviewMark = 1));
  }
  async notReloaded() {
    expect(await this.page.evaluate(() => (window as unknown as { overviewMark?: number }).overviewMark)).toBe(1);
  }
  region(name: string): Locator {
    return this.page.getByRole("region", { name, exact: true });
  }
  get deployment() {
    return this.region("Deployment");
  }
  get api() {
    return this.region("Ollama API");
  }
  get cache() {
    return this.region("Model cache");
  }
  get pods() {
    return this.region("Pods");
  }
  get disk() {
    return this.region("Disk headroom");
  }
}
