import { expect, test } from './fixtures';
import { appendToFolder, openSignedIn, removeFromFolder, signOut } from './support/mail-session';
import { discardDraft } from './support/composer';

// Mail the person wrote is listed by whom it went to: rows of the server's Sent and Drafts
// folders say "To: Bob Example" rather than the person's own name, and so does a local draft in
// the sidebar; the Inbox still names senders.

const sentId = '<recipients-sent@harbor.test>';
const draftId = '<recipients-draft@harbor.test>';

function rawMessage(fields: { id: string; from: string; to: string; subject: string }): string {
  return [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Message-ID: ${fields.id}`,
    'Date: Mon, 14 Jul 2025 08:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Written by alice.',
    '',
  ].join('\r\n');
}

let signedIn = false;

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  const date = new Date('2025-07-14T08:00:00Z');
  const from = `Alice Example <${alice.email}>`;
  const sent = rawMessage({ id: sentId, from, to: `Bob Example <${bob.email}>`, subject: 'Harbour dues paid' });
  const draft = rawMessage({ id: draftId, from, to: 'Carol Example <carol@harbor.test>', subject: 'Berth swap' });
  await appendToFolder(sandbox, alice.email, 'Sent', [{ raw: sent, date }], ['\\Seen']);
  await appendToFolder(sandbox, alice.email, 'Drafts', [{ raw: draft, date }], ['\\Seen', '\\Draft']);
});

test.afterAll(async ({ sandbox, browser }) => {
  const alice = sandbox.facts.users[0]!;
  await removeFromFolder(sandbox, alice.email, 'Sent', [sentId]);
  await removeFromFolder(sandbox, alice.email, 'Drafts', [draftId]);
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

test('Sent, Drafts and a local draft name their recipients, not the person who wrote them', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;
  const folders = page.getByRole('navigation', { name: 'Folders' });

  await folders.getByRole('button', { name: /^Sent\b/ }).click();
  const sentRow = page
    .getByRole('listbox', { name: 'Sent' })
    .getByRole('option')
    .filter({ hasText: 'Harbour dues paid' });
  await expect(sentRow).toContainText('To: Bob Example', { timeout: 30_000 });
  await expect(sentRow).not.toContainText('Alice Example');

  await folders.getByRole('button', { name: /^Drafts\b/ }).click();
  const draftRow = page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: 'Berth swap' });
  await expect(draftRow).toContainText('To: Carol Example', { timeout: 30_000 });
  await expect(draftRow).not.toContainText('Alice Example');

  await folders.getByRole('button', { name: /^Inbox\b/ }).click();
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).not.toContainText('To:');

  const subject = `Mooring fees ${Date.now()}`;
  await page.getByRole('button', { name: 'Compose' }).click();
  const composer = page.getByRole('dialog');
  await composer.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await composer.getByRole('combobox', { name: 'To' }).press('Enter');
  await composer.getByLabel('Subject').fill(subject);
  await composer.getByRole('button', { name: 'Close' }).click();
  const resume = page.getByRole('button', { name: `Resume draft: ${subject}` });
  // Enter takes a suggestion when one is open, which names bob if his name was seen in mail before.
  await expect(resume).toHaveAccessibleDescription(/^To: (Bob Example|bob@harbor\.test)$/);

  await resume.click();
  await discardDraft(page.getByRole('dialog'));
  await expect(resume).toHaveCount(0);
});
