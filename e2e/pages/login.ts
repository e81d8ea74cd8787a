// The sign-in page and the header's account block, located by role and label only.
import { expect, type Locator, type Page } from "@playwright/test";

export class LoginPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  get heading(): Locator {
    return this.page.getByRole("heading", { name: "Sign in to Ollama Ops" });
  }
  get error(): Locator {
    // Scoped to the page body: Next's route announcer is an alert too.
    return this.page.getByRole("main").getByRole("alert");
  }
  get demoAccounts(): Locator {
    return this.page.getByRole("region", { name: "Demo accounts" });
  }
  ssoButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Sign in with ${name}` });
  }
  /** Fills the password form and submits it. */
  async signIn(username: string, password: string): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.page.getByLabel("User name", { exact: true }).fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
}

/** The header's account block: user name, role badge, sign-out. */
export function accountBlock(page: Page): Locator {
  return page.getByRole("group", { name: "Account" });
}
