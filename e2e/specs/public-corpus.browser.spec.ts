import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { appendToInbox, openSignedIn, removeUidsFromFolder, signOut } from './support/mail-session';

// A sample of 50 messages of the public corpus (e2e/corpus) opened in the reader as a person does:
// Japanese in ISO-2022-JP and Shift_JIS, Korean, CJK subjects, HTML newsletters and spam, a calendar
// invitation (shown as an event card), signed mail (marked as signed), nested messages (shown quoted
// with their headers, some holding the only text), delivery bounces (their status shown beside an
// HTML explanation) and broken encodings. Each is found by a word of its text, and shows its
// subject, its sender and that word. They leave carol's Inbox at the end.

interface Expected {
  subject: string;
  from: string;
  word: string | null;
}

const corpusDir = fileURLToPath(new URL('../corpus', import.meta.url));
const expected = JSON.parse(readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Record<string, Expected>;
const sample = [
  'mimekit/japanese.txt',
  'ruby-mail/multi_charset--japanese_iso_2022.eml',
  'ruby-mail/multi_charset--japanese_shift_jis.eml',
  'ruby-mail/multi_charset--ks_c_5601-1987.eml',
  'ruby-mail/plain_emails--raw_email_with_partially_quoted_subject.eml',
  'enmime/testdata--mail--html-mime-inline.raw',
  'mailparser/spam.eml',
  'postal-mime/calendar-event.eml',
  'postal-mime/mimetorture.eml',
  'mimekit/simple-embedded-message.eml',
  'ruby-mail/attachment_emails--attachment_message_rfc822.eml',
  'ruby-mail/error_emails--content_transfer_encoding_with_8bits.eml',
  'ruby-mail/plain_emails--basic_email.eml',
  'ruby-mail/error_emails--content_transfer_encoding_text-html.eml',
  'ruby-mail/plain_emails--raw_email_incorrect_header.eml',
  'ruby-mail/plain_emails--raw_email_multiple_from.eml',
  'mimekit/delivery-status2.txt',
  'ruby-mail/mime_emails--raw_email_with_nested_attachment.eml',
  'enmime/testdata--mail--attachment-octet.raw',
  'enmime/testdata--mail--attachment-only-inline-quoted-printable.raw',
  'enmime/testdata--mail--ctype-bug.raw',
  'enmime/testdata--mail--epilogue-sample.raw',
  'enmime/testdata--mail--mime-bad-content-transfer-encoding.raw',
  'enmime/testdata--mail--mime-signed.raw',
  'enmime/testdata--mail--qp-ascii-header.raw',
  'enmime/testdata--mail--quoted-printable-mime.raw',
  'enmime/testdata--mail--quoted-printable.raw',
  'enmime/testdata--parts--extra-base64-character.raw',
  'enmime/dsn--testdata--dsn_with_multipart_alternative.raw',
  'mimekit/disposition-notification.txt',
  'mimekit/empty-multipart.txt',
  'cpython-email/msg_46.txt',
  'mimekit/issue1130.txt',
  'mimekit/issue358.txt',
  'mimekit/rfc2060.txt',
  'mimekit/simple-multipart.eml',
  'mimekit/stack-overflow.txt',
  'ruby-mail/error_emails--cant_parse_from.eml',
  'ruby-mail/error_emails--content_transfer_encoding_7-bit.eml',
  'ruby-mail/error_emails--content_transfer_encoding_plain.eml',
  'ruby-mail/error_emails--content_transfer_encoding_qp_with_space.eml',
  'ruby-mail/error_emails--content_transfer_encoding_with_semi_colon.eml',
  'ruby-mail/error_emails--content_transfer_encoding_x_uuencode.eml',
  'ruby-mail/error_emails--empty_group_lists.eml',
  'ruby-mail/error_emails--header_fields_with_empty_values.eml',
  'ruby-mail/error_emails--new_line_in_to_header.eml',
  'spamassassin/nice--mime8',
  'mailparser/examples--nodemailer.eml',
  'ruby-mail/plain_emails--raw_email.eml',
  'postal-mime/bounce.eml',
];

const signed = new Set([
  'postal-mime/mimetorture.eml',
  'enmime/testdata--mail--mime-signed.raw',
  'ruby-mail/mime_emails--raw_email_with_nested_attachment.eml',
]);

// Nested messages: a value of their quoted header. Their word is the nested message's text.
const quotedHeader: Record<string, string> = {
  'cpython-email/msg_46.txt': 'Dr. Sender <sender@example.net>',
  'spamassassin/nice--mime8': 'Nathaniel S. Borenstein <nsb@thumper.bellcore.com>',
  'mimekit/simple-embedded-message.eml': 'embedded message',
};

let signedIn = false;
let appended: number[] = [];

test.beforeAll(async ({ sandbox }) => {
  const carol = sandbox.facts.users[2]!;
  appended = await appendToInbox(
    sandbox,
    carol.email,
    sample.map((file, index) => ({
      raw: readFileSync(path.join(corpusDir, file)),
      date: new Date(Date.UTC(2025, 8, 1, 9, index)),
    })),
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  await removeUidsFromFolder(sandbox, sandbox.facts.users[2]!.email, 'INBOX', appended);
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

// The sender narrows the search: a common word matches more of the sample than the list shows at once.
async function openByWord(page: Page, word: string, subject: string, from: string): Promise<void> {
  const query = from ? `${word} from:${from}` : word;
  await page.getByRole('searchbox', { name: 'Search' }).fill(`${query} `);
  const row = page
    .getByRole('listbox', { name: `Search results for ${query}` })
    .getByRole('option')
    .filter({ hasText: subject });
  await expect(row).toHaveCount(1);
  await row.click();
}

test('a sample of the public corpus opens in the reader with its subject, sender and text', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(180_000);
  const { page } = watched;
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[2]!);
  signedIn = true;
  // Search finds a message once its body is stored: wait for the first sync to finish.
  await expect(page.getByText('Up to date', { exact: true })).toBeVisible({ timeout: 60_000 });
  for (const file of sample) {
    const want = expected[file]!;
    await test.step(file, async () => {
      expect(want.word).not.toBeNull();
      await openByWord(page, want.word!, want.subject, want.from);
      const view = page.getByRole('article', { name: 'Message' });
      await expect(view.getByRole('heading', { level: 2 })).toHaveText(want.subject);
      await expect(view.locator('header')).toContainText(want.from);
      await expect(view.getByRole('note', { name: 'Signature' })).toHaveCount(signed.has(file) ? 1 : 0);
      if (file === 'postal-mime/calendar-event.eml') {
        await expect(view.getByRole('region', { name: 'Invitation from Andris Reinman' })).toContainText('Test event');
      }
      const frame = page.locator('iframe[title="Message body"]');
      const shown =
        (await frame.count()) > 0 ? page.frameLocator('iframe[title="Message body"]').locator('body') : view;
      await expect(shown).toContainText(want.word!);
      if (file in quotedHeader) await expect(shown).toContainText(quotedHeader[file]!);
    });
  }
});
