import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  expectAccessibleInBothThemes,
  expectNoSidewaysScroll,
  expectWhole,
  expectWhollyInWindow,
  themes,
} from './support/layout-checks';
import {
  appendToFolder,
  appendToInbox,
  openSignedIn,
  removeFromFolder,
  showInboxFolder,
  signOut,
} from './support/mail-session';
import { discardDraft } from './support/composer';
import { conversationMessage, type Conversation } from './support/conversation-mail';
import { openSettings } from './support/settings-screen';

// The look as a person meets it, in the browser host against the real stack: axe finds nothing
// serious on the main screens in light and dark (the three panes with a single message and with a
// conversation stack open), the window never scrolls sideways, the reading pane (also with a
// conversation open), the list header and the composer keep every control in view down to
// 800×600, and the appearance override sticks across a reload.

const longSubject = 'Minutes of the harbour board, full text';
const shortSubject = 'Ferry timetable for the weekend';
const htmlSubject = 'Harbour newsletter for December';
const htmlBody = '<h1>Harbour news</h1><p>The slipway reopens on Monday after the winter dredging.</p>';

const designId = (date: Date) => `<design-${date.getTime()}@harbor.test>`;
const addedIds: string[] = [];

function plainMessage(
  subject: string,
  body: string,
  from: string,
  to: string,
  date: Date,
  type = 'text/plain',
): string {
  return [
    `From: Bob Example <${from}>`,
    `To: Alice Example <${to}>`,
    `Subject: ${subject}`,
    `Message-ID: ${designId(date)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    '',
    body,
    '',
  ].join('\r\n');
}

const longBody = Array.from(
  { length: 240 },
  (_, index) => `Item ${index + 1}: the board discussed the moorings, the slipway and the winter dredging plan.`,
).join('\r\n');

/** A conversation of four messages: the first two read (collapsed in the stack), the last two unread. */
const roofSubject = 'Boathouse roof repairs';
const roofIds = [0, 1, 2, 3].map((n) => `<design-roof-${n}@harbor.test>`);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  const now = Date.now();
  addedIds.push(
    designId(new Date(now - 90_000)),
    designId(new Date(now - 60_000)),
    designId(new Date(now - 30_000)),
    ...roofIds,
  );
  const people = [
    { name: 'Bob Example', email: bob.email },
    { name: 'Carol Example', email: 'carol@harbor.test' },
  ];
  const roof: Conversation = {
    subject: roofSubject,
    messageIds: roofIds,
    to: { name: 'Alice Example', email: alice.email },
  };
  const roofMessage = (n: number) => {
    const date = new Date(now - (5 - n) * 60_000);
    const body = `Roof note ${n + 1}: the slates on the north side need replacing before the winter storms.`;
    return { raw: conversationMessage(roof, n, { date, from: people[n % 2]!, body }), date };
  };
  await appendToFolder(sandbox, alice.email, 'INBOX', [0, 1].map(roofMessage), ['\\Seen']);
  await appendToFolder(sandbox, alice.email, 'INBOX', [2, 3].map(roofMessage));
  await appendToInbox(sandbox, alice.email, [
    {
      raw: plainMessage(htmlSubject, htmlBody, bob.email, alice.email, new Date(now - 90_000), 'text/html'),
      date: new Date(now - 90_000),
    },
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

/** Opens the roof conversation from `list` and expands every message of its stack. */
async function openRoofConversation(page: Page, list: Locator) {
  await list.getByRole('option', { name: new RegExp(roofSubject) }).click();
  const stack = page.getByRole('list', { name: 'Conversation, 4 messages' });
  await expect(stack.getByRole('article').first()).toBeVisible({ timeout: 30_000 });
  const collapsed = stack.getByRole('button', { expanded: false, name: /Roof note/ });
  while ((await collapsed.count()) > 0) await collapsed.first().click();
  await expect(stack.getByRole('article')).toHaveCount(4);
  await expect(stack.getByRole('article').last()).toContainText('Roof note 4');
  return stack;
}

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
  test.setTimeout(240_000);
  const alice = sandbox.facts.users[0]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  const unified = page.getByRole('listbox', { name: 'Unified Inbox' });
  await unified.getByRole('option', { name: new RegExp(shortSubject) }).click();
  await expect(page.getByRole('article', { name: 'Message' })).toContainText('Boats leave every hour', {
    timeout: 30_000,
  });
  await expectAccessibleInBothThemes(page, 'three panes with a message open');

  // A conversation of four messages, first with its two read messages collapsed, then all expanded.
  const inbox = await showInboxFolder(page);
  await inbox.getByRole('option', { name: new RegExp(roofSubject) }).click();
  const stack = page.getByRole('list', { name: 'Conversation, 4 messages' });
  await expect(stack.getByRole('button', { expanded: false, name: /Roof note/ })).toHaveCount(2, { timeout: 30_000 });
  await expect(stack.getByRole('article')).toHaveCount(2);
  await expectAccessibleInBothThemes(page, 'three panes with a conversation open');
  await openRoofConversation(page, inbox);
  await expectAccessibleInBothThemes(page, 'three panes with a whole conversation expanded');

  await page.getByRole('button', { name: 'Account and security' }).click();
  await expect(page.getByRole('region', { name: 'Security', exact: true })).toBeVisible();
  await expectAccessibleInBothThemes(page, 'security panel');
  await page.getByRole('button', { name: 'Account and security' }).click();

  await page
    .getByRole('region', { name: 'Reading pane' })
    .getByRole('group', { name: 'Message actions' })
    .getByRole('button', { name: 'Reply', exact: true })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expectAccessibleInBothThemes(page, 'composer');
  // Discard, not Close: a kept draft would stand in the way of the sign-out at the end.
  await discardDraft(dialog);
  await expect(dialog).toBeHidden();
});

test('every section of the settings screen has no serious accessibility problem', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);
  const settings = await openSettings(page);
  for (const section of ['Accounts', 'Reading', 'Writing', 'Notifications', 'Appearance', 'Keyboard shortcuts']) {
    await settings.getByRole('tab', { name: section }).click();
    await expect(settings.getByRole('tabpanel', { name: section })).toBeVisible();
    await expectAccessibleInBothThemes(page, `settings, ${section}`);
  }
  await settings.getByRole('button', { name: 'Close settings' }).click();
  await expect(settings).toBeHidden();
});

/** The relative luminance of a CSS rgb() colour: 0 black, 1 white. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

test('in dark, plain-text mail takes the theme’s colours and HTML mail stays on its light paper', async ({
  sandbox,
  systemBrowser,
  browser,
  page,
}) => {
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[0]!);
  const unified = page.getByRole('listbox', { name: 'Unified Inbox' });
  const reading = page.getByRole('region', { name: 'Reading pane' });
  /** The element's text colour and the background it stands on (its own or the nearest behind it). */
  const colours = (locator: Locator) =>
    locator.evaluate((element) => {
      let background = 'rgb(255, 255, 255)';
      for (let node: Element | null = element; node; node = node.parentElement) {
        const own = getComputedStyle(node).backgroundColor;
        if (own !== 'rgba(0, 0, 0, 0)' && own !== 'transparent') {
          background = own;
          break;
        }
      }
      return { text: getComputedStyle(element).color, background };
    });
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    await unified.getByRole('option', { name: new RegExp(shortSubject) }).click();
    const text = reading.getByRole('article', { name: 'Message' }).getByText('Boats leave every hour');
    await expect(text).toBeVisible({ timeout: 30_000 });
    const pane = await colours(reading);
    const plain = await colours(text);
    expect(luminance(pane.background) < 0.2, `${theme}: the reading pane's background`).toBe(theme === 'dark');
    expect(luminance(plain.text) > 0.5, `${theme}: plain text ${plain.text}`).toBe(theme === 'dark');

    await unified.getByRole('option', { name: new RegExp(htmlSubject) }).click();
    const paper = page.getByTitle('Message body');
    const body = paper.contentFrame().locator('body');
    await expect(body).toContainText('The slipway reopens', { timeout: 30_000 });
    expect(luminance((await colours(paper)).background), `${theme}: the paper`).toBeGreaterThan(0.9);
    const html = await colours(body);
    expect(luminance(html.background), `${theme}: the HTML body`).toBeGreaterThan(0.9);
    expect(luminance(html.text), `${theme}: the HTML text`).toBeLessThan(0.2);
  }
  await page.emulateMedia({ colorScheme: 'light' });
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
    const listPane = page.getByRole('region', { name: 'Message list' });
    if (narrow) {
      // Narrow mode: the folders wait behind a button.
      await expect(folders).toBeHidden();
      await page.getByRole('button', { name: 'Show folders' }).click();
      await expectWhollyInWindow(page, folders.getByRole('button', { name: /^Inbox/ }), 'folder');
    } else {
      await expectWhollyInWindow(page, folders.getByRole('button'), 'folder');
      await expectWhole(listPane.getByRole('heading', { name: 'Unified Inbox', level: 2 }), 'list title');
    }
    const list = await showInboxFolder(page);
    if (narrow) await expect(folders).toBeHidden();
    await expect(list).toBeVisible();

    // The list header keeps the folder's title readable next to its actions.
    await expectWhole(listPane.getByRole('heading', { name: 'Inbox', exact: true, level: 2 }), 'list title');
    await expectWhollyInWindow(
      page,
      listPane.getByRole('button', { name: /^(Mark all as read|Group by conversation|More list actions)$/ }),
      'list header button',
    );
    await listPane.getByRole('button', { name: 'More list actions' }).click();
    await expectWhollyInWindow(page, page.getByRole('menuitem', { name: 'Export as mbox…' }), 'list menu item');
    await page.keyboard.press('Escape');

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

    // A conversation, every message expanded: each one's actions and text stay inside the window.
    const stack = await openRoofConversation(page, list);
    await expectNoSidewaysScroll(page);
    await expectWhollyInWindow(
      page,
      reading.getByRole('group', { name: 'Message actions' }).getByRole('button'),
      'conversation action',
    );
    for (const each of await stack.getByRole('article').all()) {
      const own = each.getByRole('group', { name: /^Actions for the message from / });
      await own.scrollIntoViewIfNeeded();
      await expectWhollyInWindow(page, own.getByRole('button'), 'stacked message action');
      const box = (await each.boundingBox())!;
      expect(box.x + box.width, 'a stacked message runs past the right edge').toBeLessThanOrEqual(size.width);
    }
  });
}

test('signs out so the next spec starts at onboarding', async ({ sandbox, page }) => {
  await signOut(page, sandbox);
  // Later specs count the seeded Inbox: the two messages this file added go again.
  await removeFromFolder(sandbox, sandbox.facts.users[0]!.email, 'INBOX', addedIds);
});
