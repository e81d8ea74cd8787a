// The API keys page, located by role and label only.
import { expect, type Page } from "@playwright/test";

export class KeysPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.goto("/keys");
    await expect(this.page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  }
  /** Creates a key through the form; returns the secret shown once. */
  async create(name: string, scope: string): Promise<string> {
    const form = this.page.getByRole("form", { name: "Create API key" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Scope").selectOption(scope);
    await form.getByRole("button", { name: "Create key" }).click();
    return (await this.page.getByLabel("New API key").textContent()) ?? "";
  }
}
