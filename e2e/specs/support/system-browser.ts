import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';

// Stands in for the user's system browser: the app hands URLs to $BROWSER, this command writes
// them down, and the test opens each one in a separate browser context, as a person would.

export interface SystemBrowser {
  /** The command given to the app as $BROWSER. */
  command: string;
  /** How many URLs the app has opened so far. */
  opened(): Promise<number>;
  /** Every URL the app has opened so far, in order. */
  urls(): Promise<string[]>;
  /** Marks every URL opened so far as handled, so the next `nextTab` waits for a new one. */
  skipOpened(): Promise<void>;
  /** Waits for the next URL the app opens and shows it in a fresh tab. */
  nextTab(browser: Browser): Promise<{ url: string; tab: Page }>;
  close(): Promise<void>;
}

export async function createSystemBrowser(): Promise<SystemBrowser> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'system-browser-'));
  const log = path.join(dir, 'opened.txt');
  const command = path.join(dir, 'open-url');
  await writeFile(command, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
  await chmod(command, 0o755);
  const urls = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  let seen = 0;

  return {
    command,
    opened: async () => (await urls()).length,
    urls,
    async skipOpened() {
      seen = (await urls()).length;
    },
    async nextTab(browser) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const url = (await urls())[seen];
        if (url) {
          seen += 1;
          // The user's browser trusts what the user's system trusts; the test CA is not in
          // Chromium's store, so this context accepts it. The app itself verifies every certificate.
          const context = await browser.newContext({ ignoreHTTPSErrors: true });
          const tab = await context.newPage();
          await tab.goto(url);
          return { url, tab };
        }
        if (Date.now() > deadline) throw new Error('The app did not open the system browser.');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The sandbox authorization server's login and consent pages. */
export async function signInAtProvider(tab: Page, user: { email: string; password: string }): Promise<void> {
  await tab.getByLabel('Email').fill(user.email);
  await tab.getByLabel('Password').fill(user.password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.getByRole('button', { name: 'Allow' }).click();
}

/** Clicks `button` in the app and signs in with the page the app opens in the system browser. */
export async function signInFrom(
  button: Locator,
  systemBrowser: SystemBrowser,
  browser: Browser,
  user: { email: string; password: string },
): Promise<void> {
  await button.click();
  const { tab } = await systemBrowser.nextTab(browser);
  await signInAtProvider(tab, user);
  await expect(tab.getByText('return to Harbor Mail')).toBeVisible();
  await tab.context().close();
}
