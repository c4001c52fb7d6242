import type { ImapFlow } from 'imapflow';
import { expect, test } from './fixtures';
import {
  appendToInbox,
  openSignedIn,
  removeFromFolder,
  showInboxFolder,
  signOut,
  withServer,
} from './support/mail-session';

// A Gmail account as its owner meets it in the app, on the sandbox's Gmail-shaped server: Gmail's
// folders and labels in the sidebar (Important and Starred are not fetched again), and `e`
// archiving, which takes the Inbox label off at the server and keeps the message in All Mail.

const subject = 'Gmail archive check';
const messageId = '<gmail-archive-check@harbor.test>';
const raw = [
  'From: Bob Example <bob@harbor.test>',
  'To: Dana Example <dana@gmail.harbor.test>',
  `Subject: ${subject}`,
  `Message-ID: ${messageId}`,
  'Date: Mon, 7 Dec 2026 09:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Archive me, please.',
  '',
].join('\r\n');

/** The message's X-GM-LABELS in each folder it shows in. */
async function labelsByFolder(client: ImapFlow): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of ['INBOX', '[Gmail]/All Mail']) {
    await client.mailboxOpen(path, { readOnly: true });
    const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
    for (const uid of uids) {
      const message = await client.fetchOne(String(uid), { uid: true, labels: true }, { uid: true });
      found[path] = [...(message ? (message.labels ?? []) : [])].sort();
    }
  }
  return found;
}

test('a Gmail account: its folders, and archive takes the Inbox label off', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const dana = sandbox.facts.users.find((user) => user.server === 'gmail')!;
  await appendToInbox(sandbox, dana.email, [{ raw, date: new Date('2026-12-07T09:00:00Z') }]);
  try {
    await openSignedIn(page, sandbox, systemBrowser, browser, dana, 'Gmail-shaped (sandbox)');
    const folders = page.getByRole('navigation', { name: 'Folders' });
    // The app names folders with a role by the role (Sent, Junk), labels by their own name.
    for (const name of ['All Mail', 'Sent', 'Drafts', 'Junk', 'Trash', 'Work', 'Receipts']) {
      await expect(folders.getByRole('button', { name: new RegExp(`^${name}`) })).toBeVisible();
    }
    await expect(folders.getByRole('button', { name: /^(Important|Starred)/ })).toHaveCount(0);

    const list = await showInboxFolder(page);
    const row = list.getByRole('option').filter({ hasText: subject });
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await row.click();
    await page.keyboard.press('e');
    await expect(row).toHaveCount(0);
    // Was: "This account has no Archive folder on its server."
    await expect(page.getByRole('status').filter({ hasText: 'Archived.' })).toBeVisible();
    await expect(page.getByText(/no Archive folder/)).toHaveCount(0);
    await expect
      .poll(() => withServer(sandbox, dana.email, labelsByFolder), { timeout: 15_000 })
      .toEqual({ '[Gmail]/All Mail': [] });
    await signOut(page, sandbox);
  } finally {
    await removeFromFolder(sandbox, dana.email, '[Gmail]/All Mail', [messageId]);
  }
});
