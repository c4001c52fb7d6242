import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { startSandbox } from '../sandbox/start-sandbox';
import { appendToInbox } from '../specs/support/mail-session';
import { createSystemBrowser, signInFrom } from '../specs/support/system-browser';
import { screenshotMail } from './screenshot-mail';

// `npm run screenshots`: the sandbox (mail stack, seeded users, browser host), signed in as
// alice in Chromium; each main screen in light and dark at two window sizes, into docs/screenshots.

const outDir = path.resolve('docs/screenshots');
const sizes = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;
const themes = ['light', 'dark'] as const;

async function capture(page: Page, screen: string): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    for (const theme of themes) {
      // The app follows the system: its stored appearance stays "system" here.
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.mouse.move(0, 0);
      await page.waitForTimeout(150);
      const file = path.join(outDir, `${screen}-${theme}-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file });
      process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
    }
  }
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const systemBrowser = await createSystemBrowser();
  const sandbox = await startSandbox({
    rendererDir: path.resolve('dist/renderer'),
    seedPerUser: 40,
    browserCommand: systemBrowser.command,
    print: () => undefined,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const [alice, bob] = sandbox.facts.users as [(typeof sandbox.facts.users)[0], (typeof sandbox.facts.users)[0]];
    await appendToInbox(sandbox, alice.email, screenshotMail(bob.email, alice.email));
    const page = await browser.newPage({ viewport: sizes[0] });

    await page.goto(sandbox.facts.appUrl);
    const signIn = page.getByRole('button', { name: 'Sign in with Sandbox' });
    await expect(signIn).toBeVisible();
    await capture(page, 'onboarding');

    await signInFrom(signIn, systemBrowser, browser, alice);
    const inbox = page.getByRole('listbox', { name: 'Unified Inbox' });
    await expect(inbox.getByRole('option').first()).toBeVisible({ timeout: 60_000 });
    // Snippets and counts are in once the first sync is through.
    await expect(page.getByText('Up to date')).toBeVisible({ timeout: 120_000 });
    await inbox.getByRole('option', { name: /Spring regatta/ }).click();
    await expect(page.getByRole('article', { name: 'Message' })).toBeVisible({ timeout: 30_000 });
    await expect(page.frameLocator('iframe[title="Message body"]').getByText('Novice fours')).toBeVisible();
    await capture(page, 'mail');

    await page.getByRole('button', { name: 'Account and security' }).click();
    await expect(page.getByRole('region', { name: 'Security', exact: true })).toBeVisible();
    await capture(page, 'security');
    await page.getByRole('button', { name: 'Account and security' }).click();
    await expect(page.getByRole('article', { name: 'Message' })).toBeVisible();

    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await capture(page, 'composer');
  } finally {
    await browser.close();
    await sandbox.close();
    await systemBrowser.close();
  }
}

await main();
