import type { Locator } from '@playwright/test';
import nodemailer from 'nodemailer';
import { accessTokenFor } from '../stack/stack-test-support';
import { expect, test } from './fixtures';
import { appendToInbox, groupByConversation, openSignedIn, signOut, stackUser } from './support/mail-session';
import { searchWords, serverFolder, type ServerMessage } from './support/server-inbox';

// Reading mail as a person does, against the real stack: the Inbox newest first with its unread
// count, opening by click and by keyboard, star, archive and undo (checked on the server with an
// IMAP client of its own), search, and new mail arriving while the Inbox is open.

interface KnownMessage {
  messageId: string;
  subject: string;
  bodyText: string;
  date: Date;
}

// Two messages newer than the seeded corpus (which ends mid-2025), with HTML bodies to read.
const known: KnownMessage[] = [
  {
    messageId: '<reading-lighthouse@harbor.test>',
    subject: 'Lighthouse keeper rota for August',
    bodyText: 'The lighthouse rota is below; swap shifts by Friday.',
    date: new Date('2025-07-20T08:00:00Z'),
  },
  {
    messageId: '<reading-quarry@harbor.test>',
    subject: 'Notes from the quarry visit',
    bodyText: 'The quarry visit notes: bring boots and a helmet.',
    date: new Date('2025-07-21T08:00:00Z'),
  },
];
const [lighthouse, quarry] = known as [KnownMessage, KnownMessage];

function rawMessage(message: KnownMessage, from: string, to: string): string {
  return [
    `From: Bob Example <${from}>`,
    `To: Alice Example <${to}>`,
    `Subject: ${message.subject}`,
    `Message-ID: ${message.messageId}`,
    `Date: ${message.date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>${message.bodyText}</p></body></html>`,
    '',
  ].join('\r\n');
}

let signedIn = false;

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  await appendToInbox(
    sandbox,
    alice.email,
    known.map((message) => ({ raw: rawMessage(message, bob.email, alice.email), date: message.date })),
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  if (!signedIn) return;
  const page = await browser.newPage();
  await page.goto(sandbox.facts.appUrl);
  // Back to the app's default for the specs that follow.
  await groupByConversation(page, true);
  await signOut(page, sandbox);
  await page.close();
});

const newestFirst = (messages: ServerMessage[]) => [...messages].sort((a, b) => b.date - a.date);
const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Signs in (unless the app already is) and shows the account's Inbox folder, one row per message
 * (this spec holds the list against the server's messages); returns its list.
 */
async function openInbox(...args: Parameters<typeof openSignedIn>): Promise<Locator> {
  const [page] = args;
  await openSignedIn(...args);
  signedIn = true;
  await groupByConversation(page, false);
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Inbox( ?, [\d,]+ unread)?$/ })
    .click();
  return page.getByRole('listbox', { name: 'Inbox', exact: true });
}

/** The Inbox folder's button, which tells its unread count. */
const inboxButton = (folders: Locator, unread: number) =>
  folders.getByRole('button', { name: new RegExp(`^Inbox ?, ${unread.toLocaleString('en-US')} unread$`) });

const rowWith = (list: Locator, subject: string) => list.getByRole('option').filter({ hasText: subject });

async function inFolder(sandbox: Parameters<typeof serverFolder>[0], email: string, path: string, messageId: string) {
  return (await serverFolder(sandbox, email, path)).find((message) => message.messageId === messageId);
}

test('the Inbox shows the seeded mail newest first with its unread count; opening a message reads it', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const server = newestFirst(await serverFolder(sandbox, alice.email, 'INBOX'));
  const unread = server.filter((message) => !message.seen).length;
  expect(unread).toBeGreaterThan(2);
  expect(server[0]?.messageId).toBe(quarry.messageId);

  const list = await openInbox(page, sandbox, systemBrowser, browser, alice);
  const folders = page.getByRole('navigation', { name: 'Folders' });
  await expect(inboxButton(folders, unread)).toBeVisible({
    timeout: 30_000,
  });
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', String(server.length));

  // Newest first; messages sent in the same second may come in either order.
  for (let index = 0; index < 8; index += 1) {
    const row = list.locator(`[role="option"][data-index="${index}"]`);
    await expect(row).not.toHaveAttribute('aria-busy', 'true');
    const shown = normalized((await row.textContent()) ?? '');
    const sameDate = server.filter((message) => message.date === server[index]!.date);
    expect(
      sameDate.some((message) => shown.includes(normalized(message.subject))),
      shown,
    ).toBe(true);
  }

  await rowWith(list, quarry.subject).click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.getByText(quarry.bodyText)).toBeVisible();
  await expect(inboxButton(folders, unread - 1)).toBeVisible();

  await page.keyboard.press('j');
  await expect(rowWith(list, lighthouse.subject)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(body.getByText(lighthouse.bodyText)).toBeVisible();
  await expect(inboxButton(folders, unread - 2)).toBeVisible();
  await expect.poll(async () => (await inFolder(sandbox, alice.email, 'INBOX', lighthouse.messageId))?.seen).toBe(true);
});

test('s stars and e archives with Undo, and the server agrees each time', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const list = await openInbox(page, sandbox, systemBrowser, browser, alice);
  const row = rowWith(list, quarry.subject);
  await row.click();
  await expect(page.frameLocator('iframe[title="Message body"]').getByText(quarry.bodyText)).toBeVisible();

  await page.keyboard.press('s');
  await expect(row.getByRole('img', { name: 'Starred' })).toBeVisible();
  await expect
    .poll(async () => (await inFolder(sandbox, alice.email, 'INBOX', quarry.messageId))?.flagged, { timeout: 10_000 })
    .toBe(true);

  await page.keyboard.press('e');
  await expect(row).toHaveCount(0);
  const undo = page.getByRole('status').getByRole('button', { name: 'Undo' });
  await expect(undo).toBeVisible();
  await expect
    .poll(async () => (await inFolder(sandbox, alice.email, 'Archive', quarry.messageId)) !== undefined, {
      timeout: 8_000,
    })
    .toBe(true);
  expect(await inFolder(sandbox, alice.email, 'INBOX', quarry.messageId)).toBeUndefined();

  await undo.click();
  await expect(row).toHaveCount(1);
  await expect
    .poll(async () => (await inFolder(sandbox, alice.email, 'INBOX', quarry.messageId)) !== undefined, {
      timeout: 10_000,
    })
    .toBe(true);
  expect(await inFolder(sandbox, alice.email, 'Archive', quarry.messageId)).toBeUndefined();
});

test('search lists exactly the messages with a subject word, and exactly those from: a sender', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const server = await serverFolder(sandbox, alice.email, 'INBOX');
  const seeded = server.filter((message) => !known.some((each) => each.messageId === message.messageId));
  // A word of one seeded subject that no other Inbox message has anywhere (the search takes the
  // last word as a prefix, so no other message may have a word starting with it either).
  const word = seeded
    .flatMap((message) => searchWords(message.subject).filter((each) => /^[a-z]{6,}$/.test(each)))
    .find((candidate) => server.filter((message) => message.words.some((w) => w.startsWith(candidate))).length === 1);
  expect(word, 'no seeded subject word is unique to one message').toBeDefined();
  const match = server.find((message) => message.words.some((w) => w.startsWith(word!)))!;

  await openInbox(page, sandbox, systemBrowser, browser, alice);
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill(word!);
  const results = page.getByRole('listbox', { name: `Search results for ${word}` }).getByRole('option');
  await expect(results).toHaveCount(1);
  await expect(results).toContainText(normalized(match.subject));

  const fromBob = server.filter((message) => message.senderWords.some((w) => w.startsWith('bob')));
  expect(fromBob.length).toBeGreaterThan(1);
  expect(fromBob.length).toBeLessThan(server.length);
  await search.fill('from:bob');
  const fromResults = page.getByRole('listbox', { name: 'Search results for from:bob' }).getByRole('option');
  await expect(fromResults.first()).toHaveAttribute('aria-setsize', String(fromBob.length));
  await expect(fromResults.first()).toContainText('Bob');
  await expect(fromResults.filter({ hasNotText: 'Bob' })).toHaveCount(0);
});

test('a message delivered over SMTP shows in the open Inbox within 5 s', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  const list = await openInbox(page, sandbox, systemBrowser, browser, alice);
  await expect(list.getByRole('option').first()).toBeVisible();

  const { stack } = sandbox;
  const token = await accessTokenFor(stack.auth, stack.ca, stackUser(sandbox, bob.email));
  const subject = `Fresh off the boat ${Date.now()}`;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sandbox.facts.smtp.tlsPort,
    secure: true,
    tls: { ca: stack.ca.caPem, servername: 'localhost' },
    auth: { type: 'OAuth2', user: bob.email, accessToken: token },
  });
  // The 250 comes after the stack has delivered the message into Dovecot over LMTP.
  await transport.sendMail({ from: bob.email, to: alice.email, subject, text: 'Just arrived.' });
  transport.close();
  const delivered = Date.now();
  await expect(rowWith(list, subject)).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - delivered).toBeLessThan(5_000);
});
