import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessibleInBothThemes, expectNoSidewaysScroll, expectWhollyInWindow } from './support/layout-checks';
import { appendToInbox, openSignedIn, removeFromFolder, signOut } from './support/mail-session';
import { discardDraft } from './support/composer';

// The look as a person meets it, in the browser host against the real stack: axe finds nothing
// serious on the main screens in light and dark, the window never scrolls sideways and the reading
// pane and composer keep every control in view down to 800×600, and the appearance override
// sticks across a reload.

const longSubject = 'Minutes of the harbour board, full text';
const shortSubject = 'Ferry timetable for the weekend';

const designId = (date: Date) => `<design-${date.getTime()}@harbor.test>`;
const addedIds: string[] = [];

function plainMessage(subject: string, body: string, from: string, to: string, date: Date): string {
  return [
    `From: Bob Example <${from}>`,
    `To: Alice Example <${to}>`,
    `Subject: ${subject}`,
    `Message-ID: ${designId(date)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

const longBody = Array.from(
  { length: 240 },
  (_, index) => `Item ${index + 1}: the board discussed the moorings, the slipway and the winter dredging plan.`,
).join('\r\n');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  const now = Date.now();
  addedIds.push(designId(new Date(now - 60_000)), designId(new Date(now - 30_000)));
  await appendToInbox(sandbox, alice.email, [
    {
      raw: plainMessage(longSubject, longBody, bob.email, alice.email, new Date(now - 60_000)),
      date: new Date(now - 60_000),
    },
    {
      raw: plainMessage(
        shortSubject,
        'Boats leave every hour from 7:00.',
        bob.email,
        alice.email,
        new Date(now - 30_000),
      ),
      date: new Date(now - 30_000),
    },
  ]);
});

const rootBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('the appearance override switches the theme at once and is kept across a reload', async ({ sandbox, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(sandbox.facts.appUrl);
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  const lightBackground = await rootBackground(page);
  const choose = async (name: string) => {
    await page.getByRole('button', { name: 'Appearance' }).click();
    await page.getByRole('menuitemradio', { name }).click();
    await expect(page.getByRole('menu')).toBeHidden();
  };

  try {
    await choose('Dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const darkBackground = await rootBackground(page);
    expect(darkBackground).not.toBe(lightBackground);

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await rootBackground(page)).toBe(darkBackground);
    await page.getByRole('button', { name: 'Appearance' }).click();
    await expect(page.getByRole('menuitemradio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');

    await choose('Light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
    // Light stays light while the system is dark.
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await rootBackground(page)).toBe(lightBackground);
  } finally {
    await choose('Match the system');
  }
  // Following the system again: the system is dark.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('onboarding has no serious accessibility problem in light or dark', async ({ sandbox, page }) => {
  await page.goto(sandbox.facts.appUrl);
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  await expectAccessibleInBothThemes(page, 'onboarding');
});

test('the three panes, the composer and the security panel have no serious accessibility problem', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const alice = sandbox.facts.users[0]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  const inbox = page.getByRole('listbox', { name: 'Unified Inbox' });
  await inbox.getByRole('option', { name: new RegExp(shortSubject) }).click();
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('Boats leave every hour', {
    timeout: 30_000,
  });
  await expectAccessibleInBothThemes(page, 'three panes with a message open');

  await page.getByRole('button', { name: 'Account and security' }).click();
  await expect(page.getByRole('region', { name: 'Security', exact: true })).toBeVisible();
  await expectAccessibleInBothThemes(page, 'security panel');
  await page.getByRole('button', { name: 'Account and security' }).click();

  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expectAccessibleInBothThemes(page, 'composer');
  // Discard, not Close: a kept draft would stand in the way of the sign-out at the end.
  await discardDraft(dialog);
  await expect(dialog).toBeHidden();
});

for (const size of [
  { width: 1024, height: 700 },
  { width: 800, height: 600 },
]) {
  test(`at ${size.width}×${size.height} nothing scrolls sideways and the reading pane and composer stay whole`, async ({
    sandbox,
    systemBrowser,
    browser,
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    const alice = sandbox.facts.users[0]!;
    await openSignedIn(page, sandbox, systemBrowser, browser, alice);
    const narrow = size.width < 900;
    const folders = page.getByRole('navigation', { name: 'Folders' });
    if (narrow) {
      // Narrow mode: the folders wait behind a button.
      await expect(folders).toBeHidden();
      await page.getByRole('button', { name: 'Show folders' }).click();
      await expectWhollyInWindow(page, folders.getByRole('button', { name: /^Inbox/ }), 'folder');
      await folders.getByRole('button', { name: /^Inbox/ }).click();
      await expect(folders).toBeHidden();
      await expect(page.getByRole('listbox', { name: 'Inbox', exact: true })).toBeVisible();
    } else {
      await expectWhollyInWindow(page, folders.getByRole('button'), 'folder');
    }

    const list = page.getByRole('listbox', { name: narrow ? 'Inbox' : 'Unified Inbox', exact: true });
    await list.getByRole('option', { name: new RegExp(longSubject) }).click();
    const message = page.getByRole('article', { name: 'Message' });
    await expect(message).toContainText('Item 240', { timeout: 30_000 });
    await expectNoSidewaysScroll(page);
    const reading = page.getByRole('region', { name: 'Reading pane' });
    await expectWhollyInWindow(
      page,
      reading.getByRole('group', { name: 'Message actions' }).getByRole('button'),
      'action',
    );
    await expectWhollyInWindow(page, message.getByRole('heading', { name: longSubject }), 'subject');
    const articleBox = (await message.boundingBox())!;
    expect(articleBox.x + articleBox.width, 'the message runs past the right edge').toBeLessThanOrEqual(size.width);

    // The overflow menu opens inside the window too.
    await reading.getByRole('button', { name: 'More actions' }).click();
    await expectWhollyInWindow(page, page.getByRole('menuitem'), 'menu item');
    await page.keyboard.press('Escape');

    // A long forward: the text scrolls inside the composer, Send stays in view, the page stays put.
    await reading.getByRole('button', { name: 'Forward' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('textbox', { name: 'Message' })).toContainText('Item 240');
    await expectNoSidewaysScroll(page);
    await expectWhollyInWindow(
      page,
      dialog.getByRole('button', { name: /^(Send|Discard|Close|Cc and Bcc)$/ }),
      'composer button',
    );
    await expectWhollyInWindow(page, dialog.getByRole('combobox', { name: 'To' }), 'To field');
    await expectWhollyInWindow(page, dialog.getByLabel('Subject'), 'Subject field');
    const pageScroll = await page.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight);
    expect(pageScroll, 'the page itself scrolls').toBeLessThanOrEqual(0);
    // Discard, not Close: a kept draft would stand in the way of the sign-out at the end.
    await discardDraft(dialog);
    await expect(dialog).toBeHidden();
  });
}

test('signs out so the next spec starts at onboarding', async ({ sandbox, page }) => {
  await signOut(page, sandbox);
  // Later specs count the seeded Inbox: the two messages this file added go again.
  await removeFromFolder(sandbox, sandbox.facts.users[0]!.email, 'INBOX', addedIds);
});
