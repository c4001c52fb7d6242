import { createRequire } from 'node:module';
import { refresh } from '../stack/oauth-test-client';
import { expect, test } from './fixtures';
import { confirmLeaving } from './support/mail-session';
import { signInAtProvider } from './support/system-browser';

// Sign-in and sign-out as a person does them: the onboarding button, the provider's pages in the
// system browser, back to the app; then a restart, then "Sign out and revoke access".

const keytar = createRequire(import.meta.url)('keytar') as {
  getPassword(service: string, account: string): Promise<string | null>;
};

test.describe.configure({ mode: 'serial' });

test('the waiting state can open the browser again and cancel, which closes the listener', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  await page.goto(sandbox.facts.appUrl);
  await page.getByRole('button', { name: 'Sign in with Sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'Continue in your browser' })).toBeVisible();
  const first = await systemBrowser.nextTab(browser);
  const redirect = new URL(new URL(first.url).searchParams.get('redirect_uri')!);

  await page.getByRole('button', { name: 'Open the browser again' }).click();
  const again = await systemBrowser.nextTab(browser);
  expect(again.url).toBe(first.url);

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(fetch(redirect.origin)).rejects.toThrow();
  await first.tab.context().close();
  await again.tab.context().close();
});

test('sign-in goes from the onboarding button to a visible Inbox, and survives a restart', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const openedBefore = await systemBrowser.opened();
  await page.goto(sandbox.facts.appUrl);
  await page.getByRole('button', { name: 'Sign in with Sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'Continue in your browser' })).toBeVisible();

  const { url, tab } = await systemBrowser.nextTab(browser);
  const authorization = new URL(url);
  expect(authorization.origin).toBe(sandbox.facts.issuer);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  const redirect = new URL(authorization.searchParams.get('redirect_uri')!);
  expect(redirect.hostname).toBe('127.0.0.1');
  expect(Number(redirect.port)).toBeGreaterThan(0);

  // A callback with someone else's state is turned away, and the real one still completes.
  const forged = await fetch(`${redirect.href}?code=forged&state=forged`);
  expect(forged.status).toBe(400);

  await signInAtProvider(tab, alice);
  await expect(tab.getByText('return to Harbor Mail')).toBeVisible();
  expect(tab.url()).not.toMatch(/access_token|refresh_token/);

  const messages = page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option');
  await expect(messages.first()).toBeVisible();
  await page.getByRole('button', { name: 'Account and security' }).click();
  await expect(page.getByRole('button', { name: 'Sign out and revoke access' })).toBeVisible();
  await expect(fetch(redirect.origin)).rejects.toThrow();

  const restartedUrl = await sandbox.restartApp();
  const restarted = await page.context().newPage();
  await restarted.goto(restartedUrl);
  await expect(restarted.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option').first()).toBeVisible();
  expect(await systemBrowser.opened()).toBe(openedBefore + 1);
  await tab.context().close();
});

test('sign-out revokes the grant at the provider and removes the keychain entry and the account', async ({
  sandbox,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const refreshToken = await keytar.getPassword('Harbor Mail refresh-token', `sandbox:${alice.email}`);
  expect(refreshToken).toBeTruthy();
  const revocationsBefore = sandbox.stack.auth.revocations().length;

  await page.goto(sandbox.facts.appUrl);
  await page.getByRole('button', { name: 'Account and security' }).click();
  await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
  await confirmLeaving(page);
  await expect(page.getByRole('status').filter({ hasText: 'Signed out' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();

  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore + 1);
  expect(await keytar.getPassword('Harbor Mail refresh-token', `sandbox:${alice.email}`)).toBeNull();
  await expect(
    refresh({
      issuer: sandbox.facts.issuer,
      caPem: sandbox.stack.ca.caPem,
      clientId: sandbox.stack.auth.appClientId,
      refreshToken: refreshToken!,
    }),
  ).rejects.toMatchObject({ oauthError: 'invalid_grant' });
});
