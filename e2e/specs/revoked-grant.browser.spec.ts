import { createRequire } from 'node:module';
import { revoke } from '../stack/oauth-test-client';
import { expect, test } from './fixtures';
import { confirmLeaving } from './support/mail-session';
import { signInFrom } from './support/system-browser';

// A refresh token revoked at the provider (access removed in its security settings): the app
// notices at the next refresh, asks once to sign in again, and does not keep trying.

const keytar = createRequire(import.meta.url)('keytar') as {
  getPassword(service: string, account: string): Promise<string | null>;
};

/** Time for a retry loop, if there were one, to show up at the server. */
const QUIET_PERIOD_MS = 1_500;

test('a revoked refresh token leads to one "Sign in again" prompt, no retry loop, and signing in again works', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const { auth, ca } = sandbox.stack;
  const refreshAttempts = () => auth.tokenRequests().filter((request) => request.grantType === 'refresh_token').length;
  const messages = page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option');

  await page.goto(sandbox.facts.appUrl);
  await signInFrom(page.getByRole('button', { name: 'Sign in with Sandbox' }), systemBrowser, browser, alice);
  await expect(messages.first()).toBeVisible();

  const refreshToken = await keytar.getPassword('Harbor Mail refresh-token', `sandbox:${alice.email}`);
  expect(refreshToken).toBeTruthy();
  await revoke({
    issuer: auth.issuer,
    caPem: ca.caPem,
    clientId: auth.appClientId,
    token: refreshToken!,
    tokenTypeHint: 'refresh_token',
  });

  // After a restart no access token is in memory: the Inbox needs a refresh, which the server refuses.
  const attemptsBefore = refreshAttempts();
  await page.goto(await sandbox.restartApp());
  const prompt = page.getByRole('alert', { name: 'Sign in again' });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText(
    "The provider no longer accepts Harbor Mail's sign-in for this account. This usually means access was removed",
  );
  expect(refreshAttempts()).toBe(attemptsBefore + 1);

  await page.reload();
  await expect(prompt).toBeVisible();
  await page.getByRole('button', { name: alice.email }).click();
  await expect(prompt).toBeVisible();
  await page.waitForTimeout(QUIET_PERIOD_MS);
  expect(refreshAttempts()).toBe(attemptsBefore + 1);

  await signInFrom(prompt.getByRole('button', { name: 'Sign in again' }), systemBrowser, browser, alice);
  await expect(messages.first()).toBeVisible();
  await expect(prompt).toBeHidden();

  await page.getByRole('button', { name: 'Account and security' }).click();
  await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
  await confirmLeaving(page);
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
});
