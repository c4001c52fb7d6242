import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessibleInBothThemes } from './support/layout-checks';
import { appendToInbox, openSignedIn, removeFromFolder, signOut } from './support/mail-session';
import { deliveredWithSubject } from './support/server-inbox';
import { identityCard, openSettings, saveIdentity } from './support/settings-screen';

// Identity and settings as a person meets them, against the real stack: a display name and a
// signature set in Settings go out in From and in the body bob receives; an alias answers the
// mail sent to it; the appearance chosen in Settings applies and, like the rest, outlives a
// reload; and the settings screen passes axe in light and dark.

const alias = 'harbourmaster@harbor.test';
const displayName = 'Alice Harbour';
const runId = Date.now();
const newSubject = `Winter moorings ${runId}`;
const aliasSubject = `Mooring fees ${runId}`;
const aliasMessageId = `<alias-${runId}@harbor.test>`;
/** Message-IDs to take back at the end: alice's Sent copies and bob's received mail. */
const sentIds: string[] = [];

test.describe.configure({ mode: 'serial' });

test.afterAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  await removeFromFolder(sandbox, alice.email, 'INBOX', [aliasMessageId]);
  await removeFromFolder(sandbox, alice.email, 'Sent', sentIds);
  await removeFromFolder(sandbox, bob.email, 'INBOX', sentIds);
});

async function deliveredOnce(sandbox: Parameters<typeof deliveredWithSubject>[0], email: string, subject: string) {
  await expect
    .poll(async () => (await deliveredWithSubject(sandbox, email, subject)).length, { timeout: 30_000 })
    .toBe(1);
  const [message] = await deliveredWithSubject(sandbox, email, subject);
  sentIds.push(message!.messageId!);
  return message!;
}

const selectedFrom = (page: Page) =>
  page
    .getByRole('dialog')
    .getByLabel('From')
    .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text);

test('the display name and signature set in Settings reach bob in From and the body', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);

  const settings = await openSettings(page);
  // The name the ID token gave at sign-in, until it is changed here.
  await expect(identityCard(settings, alice.email).getByRole('textbox', { name: 'Name' })).toHaveValue('Alice Example');
  await saveIdentity(settings, alice.email, displayName, 'Alice Harbour\nHarbour board');
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  await page.getByRole('button', { name: 'Compose' }).click();
  const dialog = page.getByRole('dialog');
  const body = dialog.getByRole('textbox', { name: 'Message' });
  await expect(body).toContainText('Harbour board');
  await dialog.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await dialog.getByRole('combobox', { name: 'To' }).press('Enter');
  await dialog.getByLabel('Subject').fill(newSubject);
  await body.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('The winter moorings are booked.');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog).toBeHidden();

  const received = await deliveredOnce(sandbox, bob.email, newSubject);
  expect(received.from?.value).toEqual([{ name: displayName, address: alice.email }]);
  expect(received.from?.text).toBe(`"${displayName}" <${alice.email}>`);
  const text = received.text!.replace(/\r\n/g, '\n');
  expect(text).toContain('The winter moorings are booked.');
  expect(text).toContain('-- \nAlice Harbour\nHarbour board');
  expect(text.indexOf('winter moorings')).toBeLessThan(text.indexOf('-- \n'));
});

test('a reply to mail sent to an alias goes out from the alias, with its signature', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  const date = new Date();
  await appendToInbox(sandbox, alice.email, [
    {
      raw: [
        `From: Bob Example <${bob.email}>`,
        `To: Harbourmaster <${alias}>`,
        `Subject: ${aliasSubject}`,
        `Message-ID: ${aliasMessageId}`,
        `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'What are the mooring fees for a 9 m boat?',
        '',
      ].join('\r\n'),
      date,
    },
  ]);
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);

  const settings = await openSettings(page);
  const add = settings.getByRole('form', { name: 'Add an alias' });
  await add.getByRole('textbox', { name: 'Alias address' }).fill('not an address');
  await add.getByRole('textbox', { name: 'Alias name' }).fill('Harbourmaster');
  // The browser's own check refuses it before anything is stored.
  await add.getByRole('button', { name: 'Add alias' }).click();
  await expect(identityCard(settings, 'not an address')).toHaveCount(0);
  await add.getByRole('textbox', { name: 'Alias address' }).fill(alias);
  await add.getByRole('button', { name: 'Add alias' }).click();
  await expect(identityCard(settings, alias)).toBeVisible();
  await expect(identityCard(settings, alias).getByRole('textbox', { name: 'Name' })).toHaveValue('Harbourmaster');
  await saveIdentity(settings, alias, 'Harbourmaster', 'The harbourmaster\nQuay 3');
  await settings.getByRole('button', { name: 'Close settings' }).click();

  const inbox = page.getByRole('listbox', { name: 'Unified Inbox' });
  await inbox.getByRole('option', { name: new RegExp(aliasSubject) }).click({ timeout: 30_000 });
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('mooring fees', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const body = dialog.getByRole('textbox', { name: 'Message' });
  await expect.poll(() => selectedFrom(page)).toBe(`Harbourmaster <${alias}>`);
  await expect(body).toContainText('Quay 3');

  // Another From brings its own signature; back again, the alias's returns.
  await dialog.getByLabel('From').selectOption({ label: `${displayName} <${alice.email}>` });
  await expect(body).toContainText('Harbour board');
  await expect(body).not.toContainText('Quay 3');
  await dialog.getByLabel('From').selectOption({ label: `Harbourmaster <${alias}>` });
  await expect(body).toContainText('Quay 3');
  await expect(body).not.toContainText('Harbour board');

  await body.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Twelve euros a night.');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog).toBeHidden();

  const reply = await deliveredOnce(sandbox, bob.email, `Re: ${aliasSubject}`);
  expect(reply.from?.value).toEqual([{ name: 'Harbourmaster', address: alias }]);
  const text = reply.text!.replace(/\r\n/g, '\n');
  expect(text).toContain('Twelve euros a night.');
  expect(text).toContain('-- \nThe harbourmaster\nQuay 3');
  // The signature stands above the quoted question.
  expect(text.indexOf('Quay 3')).toBeLessThan(text.indexOf('> What are the mooring fees'));
});

test('dark chosen in Settings applies at once, and the settings outlive a reload', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const alice = sandbox.facts.users[0]!;
  await page.emulateMedia({ colorScheme: 'light' });
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  let settings = await openSettings(page, 'Appearance');
  try {
    await settings.getByRole('radio', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await settings.getByRole('radio', { name: 'Compact' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
    settings = await openSettingsAfterReload(page, 'Reading');
    await settings.getByRole('combobox', { name: 'Mark as read' }).selectOption({ label: 'After 5 seconds' });

    await page.reload();
    await expect(page.getByRole('listbox', { name: 'Unified Inbox' })).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // Ctrl+, opens them too, wherever the focus is.
    await page.keyboard.press('Control+,');
    settings = page.getByRole('dialog', { name: 'Settings' });
    await expect(identityCard(settings, alice.email).getByRole('textbox', { name: 'Name' })).toHaveValue(displayName);
    await expect(identityCard(settings, alias)).toBeVisible();
    await settings.getByRole('tab', { name: 'Appearance' }).click();
    await expect(settings.getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
    await expect(settings.getByRole('radio', { name: 'Compact' })).toHaveAttribute('aria-checked', 'true');
    await settings.getByRole('tab', { name: 'Reading' }).click();
    await expect(settings.getByRole('combobox', { name: 'Mark as read' })).toHaveValue('5');
    await settings.getByRole('tab', { name: 'Keyboard shortcuts' }).click();
    await expect(settings.getByRole('table', { name: 'Keyboard shortcuts' })).toContainText('Show these shortcuts');
  } finally {
    await restoreDefaults(page);
  }

  // The screen passes axe in light and dark, on the sections with the most controls.
  settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Accounts' }).click();
  await expect(identityCard(settings, alias)).toBeVisible();
  await expectAccessibleInBothThemes(page, 'settings, accounts');
  await settings.getByRole('tab', { name: 'Writing' }).click();
  await expectAccessibleInBothThemes(page, 'settings, writing');
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await signOut(page, sandbox);
});

async function openSettingsAfterReload(page: Page, section: string) {
  await page.reload();
  await expect(page.getByRole('listbox', { name: 'Unified Inbox' })).toBeVisible({ timeout: 30_000 });
  return openSettings(page, section);
}

/** Back to what the next spec expects: following the system, comfortable, marking read at once. */
async function restoreDefaults(page: Page) {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  if (!(await settings.isVisible())) await openSettings(page);
  await settings.getByRole('tab', { name: 'Appearance' }).click();
  await settings.getByRole('radio', { name: 'Match the system' }).click();
  await settings.getByRole('radio', { name: 'Comfortable' }).click();
  await settings.getByRole('tab', { name: 'Reading' }).click();
  await settings.getByRole('combobox', { name: 'Mark as read' }).selectOption({ label: 'At once' });
  await expect(page.locator('html')).toHaveAttribute('data-density', 'comfortable');
}
