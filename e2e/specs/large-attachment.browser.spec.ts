import { createHash, randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { maxDraftAttachmentBytes } from '../../shared/compose-models';
import { expect, test } from './fixtures';
import { confirmLeaving, messageIdsWithSubject, openSignedIn, withServer } from './support/mail-session';

// A large attachment through the browser host's WebSocket, as a person sends it: a file over the
// draft's limit is refused in the composer with the connection intact, then a 20 MiB file of
// random bytes goes to bob and arrives byte for byte (the stack's SMTP server takes 50 MiB, like a
// provider with a large limit; the composer warns that most services refuse over 25 MB).

const attachmentBytes = 20 * 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('a 20 MiB attachment reaches bob intact, and a file over the limit is refused in the composer', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  test.setTimeout(180_000);
  const { page } = watched;
  const [alice, bob] = sandbox.facts.users as [{ email: string; password: string }, { email: string }];
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);

  const subject = `Survey scans ${Date.now()}`;
  await page.getByRole('button', { name: 'Compose' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await dialog.getByRole('combobox', { name: 'To' }).press('Enter');
  await expect(dialog.getByRole('list', { name: 'To recipients' })).toContainText(bob.email);
  await dialog.getByLabel('Subject').fill(subject);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('The scans from the survey.');

  const picker = dialog.getByLabel('Files to attach');
  await picker.setInputFiles({
    name: 'too-big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(maxDraftAttachmentBytes + 1),
  });
  const refusal = dialog.getByRole('alert').filter({ hasText: 'these files are too large' });
  await expect(refusal).toBeVisible();

  const bytes = randomBytes(attachmentBytes);
  await picker.setInputFiles({ name: 'scans.bin', mimeType: 'application/octet-stream', buffer: bytes });
  const attachments = dialog.getByRole('region', { name: 'Attachments' });
  await expect(attachments.getByRole('button', { name: 'Remove scans.bin' })).toBeVisible({ timeout: 60_000 });
  await expect(refusal).toBeHidden();
  await expect(dialog.getByText(/most mail services refuse messages over 25 MB/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  const delivered = () =>
    withServer(sandbox, bob.email, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const uids = (await client.search({ subject }, { uid: true })) || [];
      const sources: Buffer[] = [];
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (message && message.source) sources.push(message.source);
      }
      return sources;
    });
  await expect.poll(async () => (await delivered()).length, { timeout: 90_000 }).toBe(1);
  const parsed = await simpleParser((await delivered())[0]!);
  expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['scans.bin']);
  expect(sha256(parsed.attachments[0]!.content)).toBe(sha256(bytes));

  // Until the app has the server's answer to its 20 MB copy in Sent, the message exists only here
  // and sign-out rightly asks first; the copy shows in Sent a moment before that answer arrives.
  await expect
    .poll(async () => (await messageIdsWithSubject(sandbox, alice.email, 'Sent', subject)).length, { timeout: 90_000 })
    .toBe(1);
  await expect
    .poll(
      async () => {
        await page.goto(sandbox.facts.appUrl);
        await page.getByRole('button', { name: 'Account and security' }).click();
        await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
        await confirmLeaving(page);
        const unsent = page.getByRole('alertdialog', { name: 'Unsent mail on this computer' });
        const onboarding = page.getByRole('heading', { name: 'Add your mail account' });
        await expect(unsent.or(onboarding)).toBeVisible();
        if (await onboarding.isVisible()) return 'signed out';
        await unsent.getByRole('button', { name: 'Cancel' }).click();
        return 'asked';
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe('signed out');
});
