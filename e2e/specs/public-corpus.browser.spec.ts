import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { appendToInbox, openSignedIn, signOut } from './support/mail-session';

// A sample of the public corpus (e2e/corpus) opened in the reader as a person does: Japanese in
// ISO-2022-JP and Shift_JIS, Korean, a CJK subject, HTML mail, a calendar invitation and nested
// messages. Each is found by a word of its text, and shows its subject, its sender and that word.

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
];

let signedIn = false;

test.beforeAll(async ({ sandbox }) => {
  const carol = sandbox.facts.users[2]!;
  await appendToInbox(
    sandbox,
    carol.email,
    sample.map((file, index) => ({
      raw: readFileSync(path.join(corpusDir, file)),
      date: new Date(Date.UTC(2025, 8, 1, 9, index)),
    })),
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

async function openByWord(page: Page, word: string, subject: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search' }).fill(`${word} `);
  const row = page
    .getByRole('listbox', { name: `Search results for ${word}` })
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
  for (const file of sample) {
    const want = expected[file]!;
    await test.step(file, async () => {
      expect(want.word).not.toBeNull();
      await openByWord(page, want.word!, want.subject);
      const view = page.getByRole('article', { name: 'Message' });
      await expect(view.getByRole('heading', { level: 2 })).toHaveText(want.subject);
      await expect(view.locator('header')).toContainText(want.from);
      const frame = page.locator('iframe[title="Message body"]');
      if ((await frame.count()) > 0) {
        await expect(page.frameLocator('iframe[title="Message body"]').locator('body')).toContainText(want.word!);
      } else {
        await expect(view).toContainText(want.word!);
      }
    });
  }
});
