// The Logs page, located by role and label only.
import { expect, type Page } from "@playwright/test";

export class LogsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  get lines() {
    return this.page.getByRole("list", { name: "Log lines" });
  }
  get status() {
    return this.page.getByRole("status", { name: "Follow status" });
  }
  get restarts() {
    return this.page.getByRole("list", { name: "Restart history" });
  }
  nav(page = this.page) {
    return page.getByRole("navigation", { name: "Main" });
  }
  async open() {
    await this.page.goto("/logs");
    await expect(this.page.getByRole("heading", { name: "Logs", level: 1 })).toBeVisible();
  }
}
