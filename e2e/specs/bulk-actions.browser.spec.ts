import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  appendToFolder,
  createFolders,
  deleteFolders,
  openSignedIn,
  removeFromFolder,
  signOut,
} from './support/mail-session';
import { serverFolder } from './support/server-inbox';

// Selection and bulk actions against the real stack, in two folders of the spec's own: a
// Shift-click range archived in one action and brought back with z, "Mark all as read" (and its
// undo) from the list header and from a folder's context menu opened with the keyboard, a row's
// context menu from the keyboard, and rows dragged onto a folder. The server is checked each time.

const DESK = 'Bulk Desk';
const SHELF = 'Bulk Shelf';
const stamp = Date.now();
const messages = Array.from({ length: 6 }, (_, index) => ({
  subject: `Bulk item ${index + 1} of the harbour survey`,
  messageId: `<bulk-${index + 1}.${stamp}@harbor.test>`,
  date: new Date(Date.UTC(2025, 7, 1 + index, 9)),
}));
// Newest first, as the list shows them.
const shown = [...messages].reverse();

let signedIn = false;

// Each test signs in (the first one through the system browser) and waits for the server a few times.
test.describe.configure({ timeout: 120_000 });

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  await createFolders(sandbox, alice.email, [DESK, SHELF]);
  await appendToFolder(
    sandbox,
    alice.email,
    DESK,
    messages.map(({ subject, messageId, date }) => ({
      raw: [
        'From: Bob Example <bob@harbor.test>',
        `To: ${alice.email}`,
        `Subject: ${subject}`,
        `Message-ID: ${messageId}`,
        `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Survey notes, part ${subject}.`,
        '',
      ].join('\r\n'),
      date,
    })),
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  const alice = sandbox.facts.users[0]!;
  if (signedIn) {
    const page = await browser.newPage();
    await signOut(page, sandbox);
    await page.close();
  }
  await removeFromFolder(
    sandbox,
    alice.email,
    'Archive',
    messages.map((message) => message.messageId),
  );
  await deleteFolders(sandbox, alice.email, [DESK, SHELF]);
});

/** Message-IDs of ours the server holds in `path`, and how many of them are read. */
async function onServer(sandbox: Parameters<typeof serverFolder>[0], path: string) {
  const alice = sandbox.facts.users[0]!;
  const ours = (await serverFolder(sandbox, alice.email, path)).filter((message) =>
    messages.some((each) => each.messageId === message.messageId),
  );
  return {
    ids: ours.map((message) => message.messageId).sort(),
    seen: ours.filter((message) => message.seen).length,
    flagged: ours.filter((message) => message.flagged).map((message) => message.messageId),
  };
}

const idsOf = (subset: typeof messages) => subset.map((message) => message.messageId).sort();

async function openDesk(page: Page, ...args: Parameters<typeof openSignedIn> extends [Page, ...infer R] ? R : never) {
  await openSignedIn(page, ...args);
  signedIn = true;
  const folders = page.getByRole('navigation', { name: 'Folders' });
  await folders.getByRole('button', { name: new RegExp(`^${DESK}`) }).click();
  const list = page.getByRole('listbox', { name: DESK });
  await expect(list.getByRole('option')).toHaveCount(6, { timeout: 30_000 });
  return { list, folders };
}

const row = (list: Locator, subject: string) => list.getByRole('option').filter({ hasText: subject });
const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

test('Shift-click selects a range; one Archive moves it all, and z brings it all back', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const { list } = await openDesk(page, sandbox, systemBrowser, browser, alice);
  await expect(list).toHaveAttribute('aria-multiselectable', 'true');

  await row(list, shown[0]!.subject).click();
  await row(list, shown[2]!.subject).click({ modifiers: ['Shift'] });
  const range = shown.slice(0, 3);
  for (const message of range) await expect(row(list, message.subject)).toHaveAttribute('aria-selected', 'true');
  await expect(row(list, shown[3]!.subject)).toHaveAttribute('aria-selected', 'false');

  // Ctrl-click takes one out and puts it back.
  await row(list, shown[1]!.subject).click({ modifiers: ['ControlOrMeta'] });
  await expect(row(list, shown[1]!.subject)).toHaveAttribute('aria-selected', 'false');
  await row(list, shown[1]!.subject).click({ modifiers: ['ControlOrMeta'] });

  const toolbar = page.getByRole('toolbar', { name: 'Selected messages' });
  await expect(toolbar).toContainText('3 selected');
  await toolbar.getByRole('button', { name: 'Archive selected' }).click();
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect(toast(page, '3 messages archived.')).toBeVisible();
  await expect.poll(async () => (await onServer(sandbox, 'Archive')).ids, { timeout: 15_000 }).toEqual(idsOf(range));
  expect((await onServer(sandbox, DESK)).ids).toEqual(idsOf(shown.slice(3)));

  await page.keyboard.press('z');
  await expect(list.getByRole('option')).toHaveCount(6);
  await expect.poll(async () => (await onServer(sandbox, DESK)).ids, { timeout: 15_000 }).toEqual(idsOf(messages));
  expect((await onServer(sandbox, 'Archive')).ids).toEqual([]);
});

test('Mark all as read from the list header (undone with z) and from the folder menu opened with Shift+F10', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const { list, folders } = await openDesk(page, sandbox, systemBrowser, browser, alice);
  // The first test opened (so read) a message; undo must leave that one read.
  const readBefore = (await onServer(sandbox, DESK)).seen;
  expect(readBefore).toBeLessThan(6);
  const unreadName = new RegExp(`^${DESK} ?, ${6 - readBefore} unread$`);
  const deskButton = folders.getByRole('button', { name: new RegExp(`^${DESK}`) });
  await expect(deskButton).toHaveAccessibleName(unreadName);

  await page.getByRole('region', { name: 'Message list' }).getByRole('button', { name: 'Mark all as read' }).click();
  await expect(deskButton).toHaveAccessibleName(new RegExp(`^${DESK} ?$`));
  await expect(list.getByRole('img', { name: 'Unread' })).toHaveCount(0);
  await expect.poll(async () => (await onServer(sandbox, DESK)).seen, { timeout: 15_000 }).toBe(6);

  await page.keyboard.press('z');
  await expect(deskButton).toHaveAccessibleName(unreadName);
  await expect.poll(async () => (await onServer(sandbox, DESK)).seen, { timeout: 15_000 }).toBe(readBefore);

  await deskButton.focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: `Actions for ${DESK}` });
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Mark all as read' }).press('Enter');
  await expect(menu).toBeHidden();
  await expect.poll(async () => (await onServer(sandbox, DESK)).seen, { timeout: 15_000 }).toBe(6);
});

test("a row's context menu opens from the keyboard; its Move to… moves the selection", async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const { list } = await openDesk(page, sandbox, systemBrowser, browser, alice);

  // One row: the Menu key on the focused row, then Star.
  await row(list, shown[0]!.subject).click();
  await expect(row(list, shown[0]!.subject)).toBeFocused();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: `Actions for “${shown[0]!.subject}”` });
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Star', exact: true }).press('Enter');
  await expect(row(list, shown[0]!.subject).getByRole('img', { name: 'Starred' })).toBeVisible();
  await expect
    .poll(async () => (await onServer(sandbox, DESK)).flagged, { timeout: 15_000 })
    .toEqual([shown[0]!.messageId]);

  // Two rows (x marks the current one, j moves on keeping the marks): the menu acts on both, its
  // Move to… by keyboard alone.
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(row(list, shown[1]!.subject)).toBeFocused();
  await expect(list.getByRole('option', { selected: true })).toHaveCount(2);
  await page.keyboard.press('Shift+F10');
  const several = page.getByRole('menu', { name: `Actions for “${shown[1]!.subject}”` });
  await expect(several).toContainText('2 messages selected');
  await several.getByRole('menuitem', { name: 'Move to…' }).press('ArrowRight');
  await page.getByRole('menuitem', { name: SHELF }).press('Enter');
  await expect(list.getByRole('option')).toHaveCount(4);
  await expect
    .poll(async () => (await onServer(sandbox, SHELF)).ids, { timeout: 15_000 })
    .toEqual(idsOf(shown.slice(0, 2)));

  await toast(page, `2 messages moved to ${SHELF}.`).getByRole('button', { name: 'Undo' }).click();
  await expect(list.getByRole('option')).toHaveCount(6);
  await expect.poll(async () => (await onServer(sandbox, DESK)).ids, { timeout: 15_000 }).toEqual(idsOf(messages));
});

test('rows dragged onto a folder in the sidebar move there, with Undo', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const { list, folders } = await openDesk(page, sandbox, systemBrowser, browser, alice);
  const shelf = folders.getByRole('button', { name: new RegExp(`^${SHELF}`) });

  await row(list, shown[4]!.subject).dragTo(shelf);
  await expect(row(list, shown[4]!.subject)).toHaveCount(0);
  await expect(toast(page, `1 message moved to ${SHELF}.`)).toBeVisible();
  await expect
    .poll(async () => (await onServer(sandbox, SHELF)).ids, { timeout: 15_000 })
    .toEqual([shown[4]!.messageId]);

  // A selection goes as a whole, whichever of its rows is dragged.
  await row(list, shown[0]!.subject).click();
  await row(list, shown[1]!.subject).click({ modifiers: ['Shift'] });
  await row(list, shown[1]!.subject).dragTo(shelf);
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect
    .poll(async () => (await onServer(sandbox, SHELF)).ids, { timeout: 15_000 })
    .toEqual(idsOf([shown[0]!, shown[1]!, shown[4]!]));

  await page.keyboard.press('z');
  await expect(list.getByRole('option')).toHaveCount(5);
  await expect
    .poll(async () => (await onServer(sandbox, SHELF)).ids, { timeout: 15_000 })
    .toEqual([shown[4]!.messageId]);
});
