import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { discardDraft, selectedFrom } from './support/composer';
import {
  appendToFolder,
  appendToInbox,
  createFolders,
  deleteFolders,
  messageIdsWithSubject,
  openSignedIn,
  removeFromFolder,
  signOut,
} from './support/mail-session';
import { foreignRequests } from './support/page-integrity';
import { addAlias, openSettings } from './support/settings-screen';

// The composer and the list as a person meets them, against the real stack: the formatting bar
// is a toolbar (icons with names, pressed where the caret is, arrow keys between them); a reply
// to an HTML newsletter laid out in tables quotes its table, rich and plain, and loads nothing;
// Shift+arrows and Shift+J/K extend the list's selection; a reply to mail that reached an alias
// through a list goes out from that alias (X-Original-To); a draft another client left in Drafts
// as that alias opens with it.

const runId = Date.now();
const alias = 'quaymaster@harbor.test';
const regattaSubject = `Regatta schedule ${runId}`;
const listSubject = `Crew list notice ${runId}`;
const draftSubject = `Quay draft ${runId}`;
const DESK = 'Shift Desk';
const deskSubjects = Array.from({ length: 4 }, (_, index) => `Shift item ${index + 1} ${runId}`);
const inboxIds = [`<regatta-${runId}@harbor.test>`, `<crew-${runId}@harbor.test>`];

let signedIn = false;

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const header = (fields: Record<string, string>, date: Date) => [
  ...Object.entries(fields).map(([name, value]) => `${name}: ${value}`),
  `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
  'MIME-Version: 1.0',
];

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  const date = new Date();
  await appendToInbox(sandbox, alice.email, [
    {
      raw: [
        ...header(
          { From: `Bob Example <${bob.email}>`, To: alice.email, Subject: regattaSubject, 'Message-ID': inboxIds[0]! },
          date,
        ),
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><style>td { padding: 4px }</style></head><body>',
        '<table width="600" background="https://tracker.invalid/bg.png"><tr><td><h2>Regatta schedule</h2></td></tr>',
        '<tr><td><table><tr><td>Novice fours</td><td>9:00</td></tr><tr><td>Senior eights</td><td>11:30</td></tr></table></td></tr>',
        '<tr><td><img src="https://tracker.invalid/pixel.gif" onerror="window.__pwned=1"><p>See you at the quay.</p></td></tr>',
        '</table><script>window.__pwned = 2</script></body></html>',
        '',
      ].join('\r\n'),
      date,
    },
    {
      raw: [
        // Through a list: To names the list; the delivery says which of alice's addresses it reached.
        `Delivered-To: ${alice.email}`,
        `X-Original-To: ${alias}`,
        ...header(
          {
            From: `Bob Example <${bob.email}>`,
            To: 'Harbour crew <crew@lists.harbor.test>',
            Subject: listSubject,
            'Message-ID': inboxIds[1]!,
          },
          date,
        ),
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The crew meets on Thursday.',
        '',
      ].join('\r\n'),
      date,
    },
  ]);
  await createFolders(sandbox, alice.email, [DESK]);
  await appendToFolder(
    sandbox,
    alice.email,
    DESK,
    deskSubjects.map((subject, index) => {
      const at = new Date(Date.UTC(2025, 8, 1 + index, 9));
      return {
        raw: [
          ...header({ From: `Bob Example <${bob.email}>`, To: alice.email, Subject: subject }, at),
          'Content-Type: text/plain; charset=utf-8',
          '',
          `Shift note ${index + 1}.`,
          '',
        ].join('\r\n'),
        date: at,
      };
    }),
  );
  await appendToFolder(
    sandbox,
    alice.email,
    'Drafts',
    [
      {
        raw: [
          ...header({ From: `Quaymaster <${alias}>`, To: `Bob Example <${bob.email}>`, Subject: draftSubject }, date),
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Started as the quaymaster on my phone.',
          '',
        ].join('\r\n'),
        date,
      },
    ],
    ['\\Seen', '\\Draft'],
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  const alice = sandbox.facts.users[0]!;
  if (signedIn) {
    const page = await browser.newPage();
    await signOut(page, sandbox);
    await page.close();
  }
  await removeFromFolder(sandbox, alice.email, 'INBOX', inboxIds);
  const drafts = await messageIdsWithSubject(sandbox, alice.email, 'Drafts', draftSubject);
  if (drafts.length) await removeFromFolder(sandbox, alice.email, 'Drafts', drafts);
  await deleteFolders(sandbox, alice.email, [DESK]);
});

async function signIn(page: Page, ...args: Parameters<typeof openSignedIn> extends [Page, ...infer R] ? R : never) {
  await openSignedIn(page, ...args);
  signedIn = true;
}

/** Opens the message with this subject from the Unified Inbox and starts a reply to it. */
async function replyTo(page: Page, subject: string): Promise<Locator> {
  const inbox = page.getByRole('listbox', { name: 'Unified Inbox' });
  await inbox.getByRole('option', { name: new RegExp(subject) }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  const composer = page.getByRole('dialog', { name: `Re: ${subject}` });
  await expect(composer).toBeVisible({ timeout: 30_000 });
  return composer;
}

test('the formatting bar is a toolbar of named icons, pressed where the caret is, with arrow keys between them', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  await signIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);
  await page.getByRole('button', { name: 'Compose' }).click();
  const composer = page.getByRole('dialog', { name: 'New message' });
  const toolbar = composer.getByRole('toolbar', { name: 'Formatting' });
  const bold = toolbar.getByRole('button', { name: 'Bold' });
  const bulleted = toolbar.getByRole('button', { name: 'Bulleted list' });
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  await expect(bold).toHaveAttribute('title', 'Bold (Ctrl+B)');

  const editor = composer.getByRole('textbox', { name: 'Message' });
  await editor.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Fenders ');
  await bold.click();
  await page.keyboard.type('tomorrow');
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Home');
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('End');
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await bulleted.click();
  await expect(bulleted).toHaveAttribute('aria-pressed', 'true');
  await expect(editor.getByRole('listitem')).toHaveText('Fenders tomorrow');

  // One Tab stop; the arrows and Home/End go from button to button.
  await bold.focus();
  await page.keyboard.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Italic' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(toolbar.getByRole('button', { name: 'Link' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(bold).toBeFocused();
  // Tab leaves the toolbar at once.
  await page.keyboard.press('Tab');
  await expect(composer.getByRole('checkbox', { name: 'Plain text only' })).toBeFocused();

  await discardDraft(composer);
});

test('a reply to an HTML newsletter laid out in tables quotes its table, rich and plain, and loads nothing', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page, requests } = watched;
  await signIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);

  let composer = await replyTo(page, regattaSubject);
  const editor = composer.getByRole('textbox', { name: 'Message' });
  await expect(editor).toContainText('wrote:');
  // The newsletter's inner table, inside the cell of its layout table.
  const row = editor.getByRole('row', { name: 'Novice fours 9:00', exact: true });
  await expect(row.getByRole('cell')).toHaveText(['Novice fours', '9:00']);
  await expect(editor.getByRole('heading', { name: 'Regatta schedule' })).toBeVisible();
  await expect(composer.locator('img, script, style, iframe')).toHaveCount(0);
  // The rich quote as text, when the person switches to plain text: cells apart.
  await composer.getByRole('checkbox', { name: 'Plain text only' }).check();
  await expect(composer.getByRole('textbox', { name: 'Message' })).toHaveValue(/^> Novice fours {2}9:00$/m);
  await discardDraft(composer);

  // Replies written in plain text quote the newsletter as text, cells apart.
  let settings = await openSettings(page, 'Writing');
  await settings.getByRole('radio', { name: 'Plain text' }).click();
  await expect(settings.getByRole('radio', { name: 'Plain text' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  try {
    composer = await replyTo(page, regattaSubject);
    const text = composer.getByRole('textbox', { name: 'Message' });
    await expect(text).toHaveValue(/^> Novice fours +9:00$/m);
    await expect(text).toHaveValue(/^> Senior eights +11:30$/m);
    await discardDraft(composer);
  } finally {
    settings = await openSettings(page, 'Writing');
    await settings.getByRole('radio', { name: 'Rich text' }).click();
    await expect(settings.getByRole('radio', { name: 'Rich text' })).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');
  }

  expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
});

test('Shift+arrows and Shift+J/K extend the selection from where it began, and take it back', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  await signIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: new RegExp(`^${DESK}`) })
    .click();
  const list = page.getByRole('listbox', { name: DESK });
  await expect(list.getByRole('option')).toHaveCount(4, { timeout: 30_000 });
  // Newest first, as the list shows them.
  const rows = [...deskSubjects].reverse().map((subject) => list.getByRole('option').filter({ hasText: subject }));
  const selectedRows = async () =>
    Promise.all(rows.map(async (row) => (await row.getAttribute('aria-selected')) === 'true'));

  await rows[0]!.click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(selectedRows).toEqual([true, true, true, false]);
  await expect(page.getByRole('toolbar', { name: 'Selected messages' })).toContainText('3 selected');
  await page.keyboard.press('Shift+ArrowUp');
  await expect.poll(selectedRows).toEqual([true, true, false, false]);
  await page.keyboard.press('Shift+J');
  await page.keyboard.press('Shift+J');
  await expect.poll(selectedRows).toEqual([true, true, true, true]);
  await page.keyboard.press('Shift+K');
  await expect.poll(selectedRows).toEqual([true, true, true, false]);
  await expect(rows[2]!).toBeFocused();
  await page.keyboard.press('Escape');
  await expect.poll(selectedRows).toEqual([false, false, true, false]);
});

test('a reply to mail that reached an alias through a list goes out from that alias', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  await signIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);
  const settings = await openSettings(page, 'Accounts');
  await addAlias(settings, alias, 'Quaymaster');
  await settings.getByRole('button', { name: 'Close settings' }).click();

  const composer = await replyTo(page, listSubject);
  await expect.poll(() => selectedFrom(composer)).toBe(`Quaymaster <${alias}>`);
  await discardDraft(composer);
});

test('a draft another client left in Drafts as an alias opens with that alias as its From', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  await signIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Drafts\b/ })
    .click();
  const row = page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: draftSubject });
  await row.click({ timeout: 30_000 });
  await page.getByRole('group', { name: 'Draft' }).getByRole('button', { name: 'Edit draft' }).click();
  const composer = page.getByRole('dialog', { name: draftSubject });
  await expect(composer.getByRole('textbox', { name: 'Message' })).toContainText('Started as the quaymaster', {
    timeout: 30_000,
  });
  await expect.poll(() => selectedFrom(composer)).toBe(`Quaymaster <${alias}>`);
  await discardDraft(composer);
});
