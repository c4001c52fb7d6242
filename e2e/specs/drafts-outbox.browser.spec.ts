import { simpleParser } from 'mailparser';
import { foreignDraft } from '../stack/foreign-draft';
import { expect, test } from './fixtures';
import { discardDraft } from './support/composer';
import {
  appendToFolder,
  messageIdsWithSubject,
  openSignedIn,
  removeFromFolder,
  signOut,
  withServer,
} from './support/mail-session';

// Drafts are always editable and the Outbox speaks up: a draft another mail program left in the
// server's Drafts folder opens in the composer with its text and attachment, is sent, and leaves
// Drafts and the Outbox; a composer closed untouched leaves no draft anywhere; Discard asks first;
// a send the server refuses says so over the Inbox, with a badge on the Outbox.

test.describe.configure({ mode: 'serial' });

let signedIn = false;
/** Mail the specs caused on the server, by folder and subject, removed at the end. */
const left: Array<{ email: string; path: string; subject: string }> = [];

test.afterAll(async ({ sandbox, browser }) => {
  for (const { email, path, subject } of left) {
    const ids = await messageIdsWithSubject(sandbox, email, path, subject);
    if (ids.length) await removeFromFolder(sandbox, email, path, ids);
  }
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

const users = (sandbox: { facts: { users: Array<{ email: string; password: string }> } }) =>
  sandbox.facts.users as [{ email: string; password: string }, { email: string; password: string }];

/** How many messages the user's Drafts folder holds on the server. */
async function draftsCount(sandbox: Parameters<typeof withServer>[0], email: string) {
  return withServer(sandbox, email, async (client) => {
    const status = await client.status('Drafts', { messages: true });
    return status ? status.messages : null;
  });
}

/** Another client's draft of alice's in her Drafts folder, to bob. */
async function putForeignDraft(
  sandbox: Parameters<typeof appendToFolder>[0],
  subject: string,
  text: string,
  content: Buffer,
) {
  const [alice, bob] = users(sandbox);
  const { raw } = foreignDraft({
    from: `Alice Example <${alice.email}>`,
    to: `Bob Example <${bob.email}>`,
    subject,
    text,
    attachment: { filename: 'slipway.bin', content },
  });
  left.push({ email: alice.email, path: 'Drafts', subject });
  await appendToFolder(sandbox, alice.email, 'Drafts', [{ raw, date: new Date() }], ['\\Seen', '\\Draft']);
}

test('a draft another client left in Drafts opens with its text and attachment, is sent, and leaves Drafts and the Outbox', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(120_000);
  const { page } = watched;
  const [alice, bob] = users(sandbox);
  const subject = `Slipway booking ${Date.now()}`;
  const bytes = Buffer.from(Array.from({ length: 12_000 }, (_, index) => (index * 17 + 3) % 256));
  await putForeignDraft(sandbox, subject, 'Started on my phone.', bytes);
  left.push({ email: alice.email, path: 'Sent', subject }, { email: bob.email, path: 'INBOX', subject });
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;

  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Drafts\b/ })
    .click();
  const row = page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  await page.getByRole('group', { name: 'Draft' }).getByRole('button', { name: 'Edit draft' }).click();

  // Its body and attachment are fetched from the server first.
  const composer = page.getByRole('dialog', { name: subject });
  await expect(composer).toBeVisible({ timeout: 30_000 });
  await expect(composer.getByRole('list', { name: 'To recipients' })).toContainText(/Bob Example|bob@harbor\.test/);
  await expect(composer.getByLabel('Subject')).toHaveValue(subject);
  const editor = composer.getByRole('textbox', { name: 'Message' });
  await expect(editor).toContainText('Started on my phone.');
  await expect(composer.getByRole('region', { name: 'Attachments' })).toContainText('slipway.bin');

  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Finished at my desk.');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(composer).toBeHidden();

  const delivered = () =>
    withServer(sandbox, bob.email, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const found: Buffer[] = [];
      for await (const message of client.fetch('1:*', { source: true, envelope: true })) {
        if (message.envelope?.subject === subject && message.source) found.push(message.source);
      }
      return found;
    });
  await expect.poll(async () => (await delivered()).length, { timeout: 30_000 }).toBe(1);
  const parsed = await simpleParser((await delivered())[0]!);
  expect(parsed.text?.trim()).toBe('Started on my phone. Finished at my desk.');
  expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['slipway.bin']);
  expect(Buffer.from(parsed.attachments[0]!.content).equals(bytes)).toBe(true);

  // The other client's copy left Drafts with the send, and the list follows.
  await expect
    .poll(() => messageIdsWithSubject(sandbox, alice.email, 'Drafts', subject), { timeout: 30_000 })
    .toEqual([]);
  await expect(row).toHaveCount(0, { timeout: 30_000 });

  // Sent: it is no longer in the Outbox.
  await page.getByRole('button', { name: /^Outbox/ }).click();
  const outbox = page.getByRole('region', { name: 'Outbox' });
  await expect(outbox.getByText('Nothing waiting to be sent.')).toBeVisible({ timeout: 30_000 });
  await expect(outbox.getByRole('listitem', { name: subject })).toHaveCount(0);
});

test('a composer closed untouched leaves no draft, here or on the server', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const [alice] = users(sandbox);
  const subject = `Untouched ${Date.now()}`;
  await putForeignDraft(sandbox, subject, 'Only looked at.', Buffer.from('looked'));
  const draftsBefore = await draftsCount(sandbox, alice.email);
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;

  await page.getByRole('button', { name: 'Compose' }).click();
  const composer = page.getByRole('dialog', { name: 'New message' });
  await expect(composer.getByRole('combobox', { name: 'To' })).toBeFocused();
  await composer.getByRole('button', { name: 'Close' }).click();
  await expect(composer).toBeHidden();
  await expect(page.getByRole('button', { name: 'Resume draft: (no subject)' })).toHaveCount(0);

  // A draft of the server's, opened and closed without a change, stays as it was there only.
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Drafts\b/ })
    .click();
  const row = page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  await page.getByRole('button', { name: 'Edit draft' }).click();
  const opened = page.getByRole('dialog', { name: subject });
  await expect(opened.getByRole('textbox', { name: 'Message' })).toContainText('Only looked at.', { timeout: 30_000 });
  await opened.press('Escape');
  await expect(opened).toBeHidden();
  await expect(page.getByRole('button', { name: `Resume draft: ${subject}` })).toHaveCount(0);

  // Longer than the pause after which a saved draft goes up to the server.
  await page.waitForTimeout(4_000);
  const draftsAfter = await draftsCount(sandbox, alice.email);
  expect(draftsAfter).toBe(draftsBefore);
  expect(await messageIdsWithSubject(sandbox, alice.email, 'Drafts', subject)).toHaveLength(1);
  await expect(page.getByRole('region', { name: 'Unsent drafts' })).toHaveCount(0);
});

test('Discard asks first; Cancel keeps the draft, Discard removes it here and on the server', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const [alice, bob] = users(sandbox);
  const subject = `Second thoughts ${Date.now()}`;
  left.push({ email: alice.email, path: 'Drafts', subject });
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;

  await page.getByRole('button', { name: 'Compose' }).click();
  // Named by its subject once it has one.
  const composer = page.getByRole('dialog');
  await composer.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await composer.getByRole('combobox', { name: 'To' }).press('Enter');
  await composer.getByLabel('Subject').fill(subject);
  await composer.getByRole('textbox', { name: 'Message' }).fill('Maybe not.');
  await expect
    .poll(() => messageIdsWithSubject(sandbox, alice.email, 'Drafts', subject), { timeout: 30_000 })
    .toHaveLength(1);

  const discard = composer.getByRole('button', { name: 'Discard draft' });
  const send = composer.getByRole('button', { name: 'Send', exact: true });
  // Not an equal of Send beside it: an icon at the other end of the bar.
  const [discardBox, sendBox] = [await discard.boundingBox(), await send.boundingBox()];
  expect(discardBox!.x - (sendBox!.x + sendBox!.width)).toBeGreaterThan(200);

  await discard.click();
  const question = page.getByRole('alertdialog', { name: 'Discard this draft?' });
  await expect(question).toContainText('from the Drafts folder on the server');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await expect(discard).toBeFocused();
  await expect(composer.getByLabel('Subject')).toHaveValue(subject);

  await discardDraft(composer);
  await expect(page.getByRole('button', { name: `Resume draft: ${subject}` })).toHaveCount(0);
  await expect
    .poll(() => messageIdsWithSubject(sandbox, alice.email, 'Drafts', subject), { timeout: 30_000 })
    .toEqual([]);
});

test('a send the server refuses says why over the Inbox and puts a badge on the Outbox', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(90_000);
  const { page } = watched;
  const [alice] = users(sandbox);
  const subject = `To nobody ${Date.now()}`;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;
  const outboxButton = page.getByRole('button', { name: /^Outbox/ });
  await expect(outboxButton).toHaveAccessibleName('Outbox');

  await page.getByRole('button', { name: 'Compose' }).click();
  const composer = page.getByRole('dialog');
  await composer.getByRole('combobox', { name: 'To' }).fill('nobody@harbor.test');
  await composer.getByRole('combobox', { name: 'To' }).press('Enter');
  await composer.getByLabel('Subject').fill(subject);
  await composer.getByRole('textbox', { name: 'Message' }).fill('Nobody reads this.');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(composer).toBeHidden();

  await expect(page.getByRole('listbox', { name: 'Unified Inbox' })).toBeVisible();
  const notice = page.getByRole('alert').filter({ hasText: `Not sent: ${subject}` });
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await expect(notice).toContainText('The mail server refused this recipient: nobody@harbor.test.');
  await expect(outboxButton).toHaveAccessibleName(/^Outbox\W*1 not sent$/);

  await notice.getByRole('button', { name: 'Open Outbox' }).click();
  const item = page.getByRole('region', { name: 'Outbox' }).getByRole('listitem', { name: subject });
  await expect(item).toContainText('Failed.');
  await expect(notice).toHaveCount(0);
  await item.getByRole('button', { name: 'Delete' }).click();
  await expect(item).toHaveCount(0);
  await expect(outboxButton).toHaveAccessibleName('Outbox');
});
