import { expect, test } from './fixtures';
import { confirmLeaving } from './support/mail-session';
import { signInAtProvider } from './support/system-browser';

// "Other mail server" as a person uses it: the IMAP server names its sign-in service, the app
// registers itself there (no client ID configured for it) and signs in in the system browser.

test('signs in to a server found by its IMAP check, shows the Inbox, then signs out', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const bob = sandbox.facts.users[1]!;
  const registrationsBefore = sandbox.stack.auth.registrations().length;
  await page.goto(sandbox.facts.appUrl);

  const other = page.getByRole('region', { name: 'Other mail server' });
  await other.getByLabel('Email address').fill(bob.email);
  await other.getByLabel('IMAP server').fill('127.0.0.1');
  await other.getByLabel('Port').fill(String(sandbox.facts.imap.port));
  await other.getByRole('button', { name: 'Check server' }).click();
  await expect(other.getByText(`${sandbox.facts.issuer}/.well-known/openid-configuration`)).toBeVisible();
  await other.getByRole('button', { name: 'Sign in to 127.0.0.1' }).click();
  await expect(page.getByRole('heading', { name: 'Continue in your browser' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open the browser again' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();

  const { url, tab } = await systemBrowser.nextTab(browser);
  const authorization = new URL(url);
  expect(authorization.origin).toBe(sandbox.facts.issuer);
  expect(authorization.searchParams.get('client_id')).not.toBe(sandbox.stack.auth.appClientId);
  expect(sandbox.stack.auth.registrations().length).toBe(registrationsBefore + 1);

  await signInAtProvider(tab, bob);
  await expect(tab.getByText('return to Harbor Mail')).toBeVisible();
  await tab.context().close();

  await expect(page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option').first()).toBeVisible();
  await page.getByRole('button', { name: 'Account and security' }).click();
  const security = page.getByRole('region', { name: 'Security' });
  await expect(security.getByText('127.0.0.1', { exact: true })).toBeVisible();
  await expect(security.getByText(bob.email, { exact: true })).toBeVisible();

  const revocationsBefore = sandbox.stack.auth.revocations().length;
  await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
  await confirmLeaving(page);
  await expect(page.getByRole('status').filter({ hasText: 'Signed out' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore + 1);
});
