// One message in two folders is downloaded once: with OBJECTID (EMAILID), and on a server without
// it by the guarded Message-ID fallback. The proxy in front of Dovecot counts the bodies (BODY[])
// the server sends; see objectid-imap-proxy.test-support.ts for how it gives Dovecot 2.3 OBJECTID.
import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/mail-models';
import { openImapSession } from '../../main/mail/imap-session';
import { createMailReader } from '../../main/mail/store/mail-reader';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { openTestStore, type TestStore } from '../../main/mail/store/mail-store.test-support';
import { createAccountSync, type AccountSync } from '../../main/mail/sync/account-sync';
import { parseBody } from '../../main/mail/sync/parse-body';
import { startMailStack } from '../stack/mail-stack';
import { startObjectIdImapProxy, type ObjectIdImapProxy } from '../stack/objectid-imap-proxy.test-support';
import { accessTokenFor, imapClient } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

let stack: MailStack;
let alice: StackUser;
let accessToken: string;
let other: ImapFlow;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  alice = stack.users[0] as StackUser;
  accessToken = await accessTokenFor(stack.auth, stack.ca, alice);
  other = imapClient(stack.dovecot, stack.ca, alice.email, accessToken);
  other.on('error', () => undefined);
  await other.connect();
});

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

afterAll(async () => {
  await other?.logout().catch(() => undefined);
  await stack?.close();
});

const message = (subject: string, word: string, messageId: string | null) =>
  [
    'From: Dora Fischer <dora@example.test>',
    `To: ${alice.email}`,
    `Subject: ${subject}`,
    'Date: Tue, 03 Jun 2025 09:15:00 +0000',
    ...(messageId ? [`Message-ID: <${messageId}>`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The ${word} arrives on Thursday.`,
    '',
  ].join('\r\n');

/** Appends the message to the Inbox and copies it into Archive (COPY, as another client files it). */
async function inInboxAndArchive(source: string): Promise<void> {
  const appended = await other.append('INBOX', source);
  const lock = await other.getMailboxLock('INBOX');
  try {
    await other.messageCopy(String(appended && appended.uid), 'Archive', { uid: true });
  } finally {
    lock.release();
  }
}

/** Empties the Inbox and Archive on the server. */
async function emptyFolders(): Promise<void> {
  for (const path of ['INBOX', 'Archive']) {
    const lock = await other.getMailboxLock(path);
    try {
      if ((other.mailbox || { exists: 0 }).exists > 0) await other.messageDelete('1:*');
    } finally {
      lock.release();
    }
  }
}

/** A first sync of alice's account through the proxy, until the sync idles with every body stored. */
async function syncThrough(proxy: ObjectIdImapProxy): Promise<TestStore> {
  const store = openTestStore();
  cleanup.push(() => store.close());
  let idle: () => void = () => undefined;
  const idled = new Promise<void>((resolve) => (idle = resolve));
  const sync: AccountSync = createAccountSync({
    accountId: store.accountId,
    connect: () =>
      openImapSession(
        { endpoint: { host: '127.0.0.1', port: proxy.port, security: 'tls' }, email: alice.email, accessToken },
        { extraCa: [stack.ca.caPem] },
      ),
    writer: createMailWriter(store.db),
    parseBody,
    onStatus: (status: SyncStatus) => status.phase === 'idle' && idle(),
    onChanged: () => undefined,
    onNewMail: () => undefined,
    random: () => 0,
  });
  cleanup.push(() => sync.stop());
  await idled;
  return store;
}

const searchRows = (store: TestStore, query: string) =>
  createMailReader(store.db).list({ kind: 'search', query }, 0, 50).rows;

it('fetches a message copied to a second folder once where the server has OBJECTID, and finds it once', async () => {
  // No Message-ID: only the server's EMAILID can tell that the two are one message.
  await inInboxAndArchive(message('Zeppelin timetable', 'zeppelin', null));
  await other.append('INBOX', message('Lunch', 'soup', 'lunch@example.test'));
  cleanup.push(emptyFolders);
  const proxy = await startObjectIdImapProxy(stack);
  cleanup.push(() => proxy.close());

  const store = await syncThrough(proxy);

  const fetched = proxy.bodies();
  expect(fetched.filter(({ folder }) => folder === 'Archive')).toEqual([]);
  expect(fetched).toHaveLength(2);
  expect(store.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3);
  expect(store.db.prepare('SELECT count(*) FROM bodies').pluck().get()).toBe(2);
  const found = searchRows(store, 'zeppelin ');
  expect(found).toHaveLength(1);
  const detail = createMailReader(store.db).message(found[0]!.id)!;
  expect(detail.text).toContain('The zeppelin arrives');
  expect(detail.folderIds).toHaveLength(2);
});

it('fetches each copy where the server has no OBJECTID and the message no Message-ID, and once by the fallback otherwise', async () => {
  await inInboxAndArchive(message('Zeppelin timetable', 'zeppelin', null));
  await inInboxAndArchive(message('Marmalade order', 'marmalade', 'marmalade@example.test'));
  cleanup.push(emptyFolders);
  const proxy = await startObjectIdImapProxy(stack, { objectId: false });
  cleanup.push(() => proxy.close());

  const store = await syncThrough(proxy);

  const fetched = proxy.bodies();
  // Without an identity each folder's copy is its own message: fetched, stored and found twice.
  expect(fetched).toHaveLength(3);
  expect(searchRows(store, 'zeppelin ')).toHaveLength(2);
  // Message-ID, size, Date and sender agree: one message.
  expect(searchRows(store, 'marmalade ')).toHaveLength(1);
});
