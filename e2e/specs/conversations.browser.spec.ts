import { expect, test } from './fixtures';
import { appendToFolder, openSignedIn, removeFromFolder, showInboxFolder, signOut } from './support/mail-session';
import { conversationMessage, type Conversation } from './support/conversation-mail';
import { serverFolder } from './support/server-inbox';
import { openSettings } from './support/settings-screen';

// Conversations against the real stack: six messages of one conversation make one row of the
// Inbox, or six rows when grouping is turned off (in the list or in Settings, one setting); the
// reading pane stacks them (read ones collapsed); archiving the row from the list moves all six on
// the server and Undo brings all six back; a reply that arrives updates the row where it stands.

const subject = 'Ferry timetable for the winter';
const ids = Array.from({ length: 6 }, (_, n) => `<conversation-ferry-${n}@harbor.test>`);
const replyId = '<conversation-ferry-reply@harbor.test>';
const people = [
  { name: 'Bob Example', email: 'bob@harbor.test' },
  { name: 'Carol Example', email: 'carol@harbor.test' },
];

const ferry: Conversation = {
  subject,
  messageIds: ids,
  to: { name: 'Alice Example', email: 'alice@harbor.test' },
};
const message = (n: number, date: Date, messageId = ids[n]!, from = people[n % 2]!) =>
  conversationMessage(ferry, n, {
    date,
    from,
    messageId,
    body: `Ferry note ${n + 1}: the boats keep the winter hours.`,
  });

// Newer than the seeded corpus and the other specs' mail, so the conversation is the Inbox's first row.
const dates = ids.map((_, n) => new Date(Date.UTC(2026, 10, 1 + n, 9)));
let signedIn = false;

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!.email;
  const raw = (n: number) => ({ raw: message(n, dates[n]!), date: dates[n]! });
  await appendToFolder(sandbox, alice, 'INBOX', [0, 1, 2, 3].map(raw), ['\\Seen']);
  await appendToFolder(sandbox, alice, 'INBOX', [4, 5].map(raw));
});

test.afterAll(async ({ sandbox, browser }) => {
  const alice = sandbox.facts.users[0]!.email;
  for (const folder of ['INBOX', 'Archive']) await removeFromFolder(sandbox, alice, folder, [...ids, replyId]);
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

test('six messages of a conversation are one row, stacked when read; archive and undo move all six; a reply updates the row in place', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const inFolder = async (path: string) =>
    (await serverFolder(sandbox, alice.email, path)).map((each) => each.messageId).filter((id) => ids.includes(id));

  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;
  const list = await showInboxFolder(page);
  const row = list.getByRole('option').filter({ hasText: subject });

  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText('6 messages in conversation');
  await expect(row).toContainText('Bob, Carol');
  await expect(row.getByRole('img', { name: 'Unread' })).toBeVisible();
  await expect(list.getByRole('option').first()).toContainText(subject);

  // One row per message when the person turns conversations off, and back.
  const grouping = page.getByRole('button', { name: 'Group by conversation' });
  await expect(grouping).toHaveAttribute('aria-pressed', 'true');
  await grouping.click();
  await expect(list.getByRole('option').filter({ hasText: subject })).toHaveCount(6);
  await grouping.click();
  await expect(grouping).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toHaveCount(1);

  // The same setting in Settings: the list regroups as the dialog closes, without a reload.
  await page.evaluate(() => Object.assign(window, { specNoReload: true }));
  const settings = await openSettings(page, 'Reading');
  const inSettings = settings.getByRole('switch', { name: 'Group messages into conversations' });
  await expect(inSettings).toBeChecked();
  await inSettings.click();
  await expect(inSettings).not.toBeChecked();
  await settings.getByRole('button', { name: 'Close settings' }).click();
  await expect(settings).toBeHidden();
  await expect(list.getByRole('option').filter({ hasText: subject })).toHaveCount(6);
  await expect(grouping).toHaveAttribute('aria-pressed', 'false');
  // And the toolbar's toggle is the same setting, as Settings shows.
  await grouping.click();
  await expect(row).toHaveCount(1);
  await openSettings(page, 'Reading');
  await expect(inSettings).toBeChecked();
  await settings.getByRole('button', { name: 'Close settings' }).click();
  expect(await page.evaluate(() => 'specNoReload' in window), 'the page reloaded').toBe(true);

  // The stack: the four read messages collapsed, the two unread ones expanded with their own actions.
  await row.click();
  const stack = page.getByRole('list', { name: 'Conversation, 6 messages' });
  await expect(stack.getByRole('button', { expanded: false, name: /Ferry note/ })).toHaveCount(4);
  await expect(stack.getByRole('article')).toHaveCount(2);
  const newest = stack.getByRole('article', { name: 'Message from Carol Example' }).last();
  await expect(newest).toContainText('Ferry note 6');
  const own = newest.getByRole('group', { name: 'Actions for the message from Carol Example' });
  for (const action of ['Reply', 'Forward', 'Delete', 'More actions']) {
    await expect(own.getByRole('button', { name: action, exact: true })).toBeVisible();
  }
  await own.getByRole('button', { name: 'More actions' }).click();
  await expect(page.getByRole('menuitem', { name: 'Mark as unread' })).toBeVisible();
  await page.keyboard.press('Escape');
  await stack
    .getByRole('button', { expanded: false, name: /Ferry note/ })
    .first()
    .click();
  await expect(stack.getByRole('article')).toHaveCount(3);
  await expect(stack.getByRole('article').first()).toContainText('Ferry note 1');
  // Opening the conversation read its unread messages: the row is read as a whole.
  await expect(row.getByRole('img', { name: 'Unread' })).toHaveCount(0);

  // Archive from the list acts on the whole conversation, on the server too.
  await row.click();
  await page.keyboard.press('e');
  await expect(row).toHaveCount(0);
  await expect.poll(async () => (await inFolder('Archive')).length, { timeout: 15_000 }).toBe(6);
  expect(await inFolder('INBOX')).toEqual([]);

  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('6 messages in conversation');
  await expect.poll(async () => (await inFolder('INBOX')).length, { timeout: 15_000 }).toBe(6);
  expect(await inFolder('Archive')).toEqual([]);

  // Bob answers while another row is open: the row takes the reply where it stands.
  await list.getByRole('option').nth(1).click();
  await row.evaluate((element) => element.setAttribute('data-spec-mark', 'same row'));
  const replyDate = new Date(Math.floor(Date.now() / 1000) * 1000);
  await appendToFolder(sandbox, alice.email, 'INBOX', [
    { raw: message(6, replyDate, replyId, people[0]!), date: replyDate },
  ]);
  await expect(row).toContainText('7 messages in conversation', { timeout: 15_000 });
  // Still one row, and the same element: no second row for the reply.
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-spec-mark', 'same row');
  await expect(row.getByRole('img', { name: 'Unread' })).toBeVisible();
  await expect(row.locator('time')).toHaveAttribute('datetime', replyDate.toISOString());
  await expect(list.getByRole('option').first()).toContainText(subject);

  await row.click();
  const grown = page.getByRole('list', { name: 'Conversation, 7 messages' });
  await expect(grown.getByRole('article', { name: 'Message from Bob Example' })).toContainText('Ferry note 7', {
    timeout: 15_000,
  });
});
