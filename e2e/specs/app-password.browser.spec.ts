import { createRequire } from 'node:module';
import type * as Keytar from 'keytar';
import { expect, test } from './fixtures';
import { confirmLeaving } from './support/mail-session';

// "Other mail server" with an app password, as a person uses it: the check, "Use an app password
// instead", a wrong password refused in plain words, the right one opening the Inbox over real
// IMAP with no browser step, the password kept in the keychain only, then sign-out.

const require = createRequire(import.meta.url);

test('signs in with an app password, shows the Inbox, then signs out and forgets the password', async ({
  sandbox,
  watched,
  hostOutput,
}) => {
  const { page, requests } = watched;
  const carol = sandbox.facts.users.find((user) => user.appPassword !== undefined);
  if (!carol?.appPassword) throw new Error('the sandbox has a user with an app password');
  const accountId = `password:127.0.0.1:${carol.email}`;
  const keytar = require('keytar') as typeof Keytar;
  const tokenRequestsBefore = sandbox.stack.auth.tokenRequests().length;
  await page.goto(sandbox.facts.appUrl);

  const other = page.getByRole('region', { name: 'Other mail server' });
  await other.getByLabel('Email address').fill(carol.email);
  await other.getByLabel('IMAP server').fill('127.0.0.1');
  await other.getByLabel('Port').fill(String(sandbox.facts.imap.port));
  await other.getByRole('button', { name: 'Check server' }).click();
  // The sandbox's Dovecot offers OAuth too, so the app password is the person's choice here.
  await other.getByRole('button', { name: 'Use an app password instead' }).click();

  const form = other.getByRole('form', { name: 'Sign in with an app password' });
  await expect(form).toContainText('system keychain');
  const field = form.getByLabel('App password');
  await expect(field).toHaveAttribute('type', 'password');

  await field.fill(`${carol.appPassword}-wrong`);
  await form.getByRole('button', { name: 'Sign in with app password' }).click();
  await expect(form.getByRole('alert')).toHaveText('The server did not accept this address and app password.');
  expect(await keytar.getPassword('Harbor Mail app-password', accountId)).toBeNull();

  await field.fill(carol.appPassword);
  await form.getByRole('button', { name: 'Sign in with app password' }).click();

  await expect(page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option').first()).toBeVisible();
  await page.getByRole('button', { name: 'Account and security' }).click();
  const security = page.getByRole('region', { name: 'Security' });
  await expect(security.getByText(carol.email, { exact: true })).toBeVisible();
  await expect(security.getByText('An app password, kept in the system keychain', { exact: true })).toBeVisible();
  expect(await keytar.getPassword('Harbor Mail app-password', accountId)).toBe(carol.appPassword);
  expect(sandbox.stack.auth.tokenRequests().length).toBe(tokenRequestsBefore);
  // The password went to the app once, typed: it is in no URL the page used and nothing the host printed.
  expect(requests.join('\n')).not.toContain(carol.appPassword);
  expect(hostOutput.join('\n')).not.toContain(carol.appPassword);

  const revocationsBefore = sandbox.stack.auth.revocations().length;
  await security.getByRole('button', { name: 'Sign out and remove app password' }).click();
  await confirmLeaving(page, 'Sign out and remove app password');
  await expect(page.getByRole('status').filter({ hasText: 'nothing for Harbor Mail to revoke' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore);
  expect(await keytar.getPassword('Harbor Mail app-password', accountId)).toBeNull();
});
