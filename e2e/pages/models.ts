// The Models page, located by role and label only.
import { expect, type Locator, type Page } from "@playwright/test";

export class ModelsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.goto("/models");
    await expect(this.page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
  }
  region(name: string): Locator {
    return this.page.getByRole("region", { name, exact: true });
  }
  get pulls() {
    return this.region("Pulls");
  }
  get installed() {
    return this.region("Installed models");
  }
  get loaded() {
    return this.region("Loaded models");
  }
  /** The newest job for `model` (running jobs come first, then finished ones newest first). */
  job(model: string): Locator {
    return this.pulls.getByRole("listitem", { name: `Pull ${model}` }).first();
  }
  progress(model: string): Locator {
    return this.job(model).getByRole("progressbar", { name: `${model} progress` });
  }
  async percent(model: string): Promise<number> {
    return Number(await this.progress(model).getAttribute("aria-valuenow"));
  }
  /** Types a name, waits for the space check, and clicks Pull. */
  async pull(name: string) {
    await this.region("Pull a model").getByLabel("Model name").fill(name);
    await expect(this.page.getByRole("status", { name: "Space check" })).toBeVisible();
    await this.page.getByRole("button", { name: "Pull", exact: true }).click();
  }
}
