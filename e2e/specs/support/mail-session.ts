import { expect, type Browser, type Page } from '@playwright/test';
import type { ImapFlow } from 'imapflow';
import type { Sandbox } from '../../sandbox/start-sandbox';
import { accessTokenFor, imapClient, withImap } from '../../stack/stack-test-support';
import type { StackUser } from '../../stack/types';
import { signInFrom, type SystemBrowser } from './system-browser';

// What the mail specs share: the stack user behind a sandbox user, a separate IMAP client that
// sees what the server holds, and an app page signed in as that user.

export function stackUser(sandbox: Sandbox, email: string): StackUser {
  const user = sandbox.stack.users.find((each) => each.email === email);
  if (!user) throw new Error(`${email} is not a sandbox user`);
  return user;
}

/** Runs `use` with an IMAP client of `email` that is not the app's. */
export async function withServer<T>(
  sandbox: Sandbox,
  email: string,
  use: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const { stack } = sandbox;
  const user = stackUser(sandbox, email);
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  // A user of the Gmail-shaped server is reached through its X-GM-EXT-1 front, as the app reaches it.
  const server = user.server === 'gmail' && stack.gmail ? { imapPort: stack.gmail.imapPort } : stack.dovecot;
  return withImap(imapClient(server, stack.ca, user.email, token), use);
}

/**
 * Puts each message into the user's folder with IMAP APPEND, with `flags`, received at its date.
 * Returns the UIDs the server gave them (for removeUidsFromFolder, when they lack a Message-ID).
 */
export async function appendToFolder(
  sandbox: Sandbox,
  email: string,
  path: string,
  messages: Array<{ raw: string | Buffer; date: Date }>,
  flags: string[] = [],
): Promise<number[]> {
  return withServer(sandbox, email, async (client) => {
    const uids: number[] = [];
    for (const { raw, date } of messages) {
      const appended = await client.append(path, raw, flags, date);
      if (!appended || !appended.uid) throw new Error(`the server gave no UID to a message appended to ${path}`);
      uids.push(appended.uid);
    }
    return uids;
  });
}

/** Puts each message into the user's INBOX with IMAP APPEND, unread, received at its date; returns their UIDs. */
export async function appendToInbox(
  sandbox: Sandbox,
  email: string,
  messages: Array<{ raw: string | Buffer; date: Date }>,
): Promise<number[]> {
  return appendToFolder(sandbox, email, 'INBOX', messages);
}

/** Deletes the messages with these UIDs (as appendToFolder returned them) from the user's folder. */
export async function removeUidsFromFolder(sandbox: Sandbox, email: string, path: string, uids: number[]) {
  if (uids.length === 0) return;
  await withServer(sandbox, email, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      await client.messageDelete(uids.join(','), { uid: true });
    } finally {
      lock.release();
    }
  });
}

/** Deletes the messages with these Message-IDs from the user's folder, so later specs do not see them. */
export async function removeFromFolder(sandbox: Sandbox, email: string, path: string, messageIds: string[]) {
  await withServer(sandbox, email, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      for (const messageId of messageIds) {
        const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        if (uids.length) await client.messageDelete(uids, { uid: true });
      }
    } finally {
      lock.release();
    }
  });
}

/** Creates folders of the user's on the server (a spec's own, to act in without touching the seeded ones). */
export async function createFolders(sandbox: Sandbox, email: string, paths: string[]) {
  await withServer(sandbox, email, async (client) => {
    for (const path of paths) await client.mailboxCreate(path);
  });
}

/** Deletes folders a spec created, with whatever is in them. */
export async function deleteFolders(sandbox: Sandbox, email: string, paths: string[]) {
  await withServer(sandbox, email, async (client) => {
    for (const path of paths) await client.mailboxDelete(path).catch(() => undefined);
  });
}

/** The Message-IDs (with their angle brackets) of the messages in the user's folder with this subject. */
export async function messageIdsWithSubject(sandbox: Sandbox, email: string, path: string, subject: string) {
  return withServer(sandbox, email, async (client) => {
    const { exists } = await client.mailboxOpen(path, { readOnly: true });
    const found: string[] = [];
    if (exists === 0) return found;
    for await (const message of client.fetch('1:*', { envelope: true })) {
      if (message.envelope?.subject === subject && message.envelope.messageId) found.push(message.envelope.messageId);
    }
    return found;
  });
}

/** Opens the app; signs in as `user` through the system browser when the app has no account yet. */
export async function openSignedIn(
  page: Page,
  sandbox: Sandbox,
  systemBrowser: SystemBrowser,
  browser: Browser,
  user: { email: string; password: string },
  provider = 'Sandbox',
): Promise<void> {
  await page.goto(sandbox.facts.appUrl);
  const signIn = page.getByRole('button', { name: `Sign in with ${provider}`, exact: true });
  const inbox = page.getByRole('listbox', { name: 'Unified Inbox' });
  await expect(signIn.or(inbox)).toBeVisible();
  if (await signIn.isVisible()) await signInFrom(signIn, systemBrowser, browser, user);
  await expect(page.getByRole('button', { name: user.email })).toBeVisible();
  await expect(inbox.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
}

/** Shows the signed-in account's Inbox folder (not the Unified Inbox); returns its message list. */
export async function showInboxFolder(page: Page) {
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Inbox( ?, [\d,]+ unread)?$/ })
    .click();
  return page.getByRole('listbox', { name: 'Inbox', exact: true });
}

/** Sets the list to one row per conversation (the app's default) or one row per message; the setting is kept. */
export async function groupByConversation(page: Page, grouped: boolean) {
  const toggle = page.getByRole('button', { name: 'Group by conversation' });
  // It shows the stored setting once enabled.
  await expect(toggle).toBeEnabled();
  if ((await toggle.getAttribute('aria-pressed')) !== String(grouped)) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', String(grouped));
}

/** Says yes to "Sign out of …?", which the security panel asks before an account leaves. */
export async function confirmLeaving(page: Page, action = 'Sign out and revoke access'): Promise<void> {
  await page
    .getByRole('alertdialog', { name: /^(Sign out of|Remove) / })
    .getByRole('button', { name: action })
    .click();
}

/** Signs the current account out at the end of a spec, so the next spec starts at onboarding. */
export async function signOut(page: Page, sandbox: Sandbox): Promise<void> {
  await page.goto(sandbox.facts.appUrl);
  await page.getByRole('button', { name: 'Account and security' }).click();
  await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
  await confirmLeaving(page);
  // Revocation at the provider comes first; on a loaded machine that can take a few seconds.
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible({ timeout: 15_000 });
}
