// The app's mail engine on the Gmail-shaped server: what it finds (Gmail's folders and their
// roles, the labels as folders), what it leaves out (Important and Starred, whose messages All
// Mail already holds), and archive, which at Gmail takes the Inbox label off.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/mail-models';
import { createMailActions, type MailActions } from '../../main/mail/actions/mail-actions';
import { openImapSession } from '../../main/mail/imap-session';
import type { MailWriter, StoredMailbox } from '../../main/mail/store/mail-store-types';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { openTestStore, type TestStore } from '../../main/mail/store/mail-store.test-support';
import { createAccountSync, type AccountSync } from '../../main/mail/sync/account-sync';
import { parseBody } from '../../main/mail/sync/parse-body';
import { startMailStack } from '../stack/mail-stack';
import { seedGmailUser, type GmailSeedSummary } from '../stack/seed-gmail';
import { accessTokenFor } from '../stack/stack-test-support';
import type { GmailServer, MailStack, StackUser } from '../stack/types';

let stack: MailStack;
let gmail: GmailServer;
let dana: StackUser;
let token: string;
let seeded: GmailSeedSummary;
let store: TestStore;
let writer: MailWriter;
let sync: AccountSync;
let actions: MailActions;

const connect = (): Promise<ImapFlow> =>
  openImapSession(
    { endpoint: { host: '127.0.0.1', port: gmail.imapPort, security: 'tls' }, email: dana.email, accessToken: token },
    { extraCa: [stack.ca.caPem] },
  );

/** A session of its own (already signed in), logged out afterwards. */
const atServer = async <T>(use: (client: ImapFlow) => Promise<T>): Promise<T> => {
  const client = await connect();
  try {
    return await use(client);
  } finally {
    await client.logout().catch(() => undefined);
  }
};

beforeAll(async () => {
  stack = await startMailStack({ keyring: false, gmail: true });
  gmail = stack.gmail as GmailServer;
  dana = stack.users.find((user) => user.server === 'gmail') as StackUser;
  seeded = await seedGmailUser(gmail.dovecot, dana, { count: 60, seed: 3 });
  token = await accessTokenFor(stack.auth, stack.ca, dana);
  store = openTestStore();
  writer = createMailWriter(store.db);
  const idle = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the first sync did not finish within 60 s')), 60_000);
    sync = createAccountSync({
      accountId: store.accountId,
      connect,
      writer,
      parseBody,
      onStatus: (status: SyncStatus) => {
        if (status.phase === 'idle') resolve(clearTimeout(timer));
      },
      onChanged: () => undefined,
      onNewMail: () => undefined,
      random: () => 0,
    });
  });
  await idle;
  actions = createMailActions({ db: store.db, writer, connect, onChanged: () => undefined });
}, 120_000);

afterAll(async () => {
  await sync?.stop();
  await actions?.close();
  store?.close();
  await stack?.close();
});

const storedFolders = () => writer.mailboxes(store.accountId);
const byPath = (path: string) => storedFolders().find((mailbox) => mailbox.path === path) as StoredMailbox;
const storedCount = (mailbox: StoredMailbox) =>
  store.db
    .prepare('SELECT COUNT(*) FROM messages WHERE mailbox_id = ? AND hidden = 0')
    .pluck()
    .get(mailbox.id) as number;

describe('the engine on a Gmail account', () => {
  it("finds Gmail's folders with their roles and the labels as plain folders", () => {
    const roles = Object.fromEntries(storedFolders().map((mailbox) => [mailbox.path, mailbox.role]));
    expect(roles).toMatchObject({
      INBOX: 'inbox',
      '[Gmail]/All Mail': 'all',
      '[Gmail]/Sent Mail': 'sent',
      '[Gmail]/Drafts': 'drafts',
      '[Gmail]/Spam': 'junk',
      '[Gmail]/Trash': 'trash',
      Work: null,
      Receipts: null,
    });
    expect(Object.values(roles)).not.toContain('archive');
  });

  it('leaves Important and Starred out: All Mail already holds their messages', () => {
    const paths = storedFolders().map((mailbox) => mailbox.path);
    expect(paths).not.toContain('[Gmail]/Important');
    expect(paths).not.toContain('[Gmail]/Starred');
    expect(seeded.labels['Store/Important']).toBeGreaterThan(0);
    const allMail = ['INBOX', 'Store/Archive', 'Store/Sent', 'Store/Drafts'].reduce(
      (sum, home) => sum + (seeded.homes[home] ?? 0),
      0,
    );
    expect(storedCount(byPath('[Gmail]/All Mail'))).toBe(allMail);
  });

  it('archives by taking the Inbox label off: the message stays in All Mail with its other labels', async () => {
    const inbox = byPath('INBOX');
    const row = store.db
      .prepare<[number], { id: number; subject: string }>(
        'SELECT id, subject FROM messages WHERE mailbox_id = ? ORDER BY uid LIMIT 1',
      )
      .get(inbox.id) as { id: number; subject: string };
    const labelsOf = (client: ImapFlow, folder: string) =>
      client.mailboxOpen(folder).then(async () => {
        const found = (await client.search({ subject: row.subject }, { uid: true })) as number[];
        const labels: string[][] = [];
        for (const uid of found) {
          const message = await client.fetchOne(String(uid), { uid: true, labels: true }, { uid: true });
          labels.push([...(message ? (message.labels ?? []) : [])].sort());
        }
        return labels;
      });
    const before = await atServer((client) => labelsOf(client, '[Gmail]/All Mail'));
    expect(before).toHaveLength(1);
    expect(before[0]).toContain('\\Inbox');

    actions.move([row.id], 'archive');
    await actions.flush(store.accountId);

    const after = await atServer(async (client) => ({
      inInbox: await labelsOf(client, 'INBOX'),
      inAllMail: await labelsOf(client, '[Gmail]/All Mail'),
    }));
    expect(after.inInbox).toEqual([]);
    expect(after.inAllMail).toEqual([(before[0] ?? []).filter((label) => label !== '\\Inbox')]);
  });
});
