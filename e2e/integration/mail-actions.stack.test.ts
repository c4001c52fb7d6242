import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { createMailActions, type MailActions } from '../../main/mail/actions/mail-actions';
import { openImapSession } from '../../main/mail/imap-session';
import type { MailWriter, StoredMailbox } from '../../main/mail/store/mail-store-types';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { openTestStore, type TestStore } from '../../main/mail/store/mail-store.test-support';
import { HEADER_QUERY, toHeaderRecord } from '../../main/mail/sync/header-record';
import { identitySource } from '../../main/mail/sync/message-identity';
import { toServerMailbox } from '../../main/mail/sync/server-mailboxes';
import { AppError } from '../../shared/errors';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

// Mail actions against the real Dovecot: what the user does lands in the local store at once and
// on the server after the replay, including while the server cannot be reached.

const subjects = ['Flag me', 'Archive me', 'Trash me', 'Undo me', 'Offline me'];

function rawMessage(subject: string, index: number): string {
  return [
    'From: Bob Example <bob@harbor.test>',
    'To: Alice Example <alice@harbor.test>',
    `Subject: ${subject}`,
    `Message-ID: <action-${index}@harbor.test>`,
    `Date: Mon, 6 Jan 2025 10:0${index}:00 +0000`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of "${subject}".`,
    '',
  ].join('\r\n');
}

interface ServerMessage {
  uid: number;
  subject: string;
  flags: string[];
}

describe('mail actions on the real server', () => {
  let stack: MailStack;
  let alice: StackUser;
  let token: string;
  let store: TestStore;
  let writer: MailWriter;
  let actions: MailActions;
  let reachable = true;
  let connects = 0;
  const opened: ImapFlow[] = [];
  const flagsAdded: string[][] = [];
  const folders: Record<'INBOX' | 'Archive' | 'Trash', StoredMailbox> = {} as never;

  const serverFolder = (path: string): Promise<ServerMessage[]> =>
    withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), async (client) => {
      await client.mailboxOpen(path, { readOnly: true });
      const messages: ServerMessage[] = [];
      for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true }, { uid: true })) {
        messages.push({
          uid: message.uid,
          subject: message.envelope?.subject ?? '',
          flags: [...(message.flags ?? [])],
        });
      }
      return messages;
    });

  const storedRows = (mailbox: StoredMailbox) =>
    store.db
      .prepare<[number], { id: number; uid: number; subject: string; hidden: number; flags: string }>(
        'SELECT id, uid, subject, hidden, flags FROM messages WHERE mailbox_id = ? ORDER BY uid',
      )
      .all(mailbox.id);
  const storedId = (mailbox: StoredMailbox, subject: string): number => {
    const row = storedRows(mailbox).find((each) => each.subject === subject);
    if (!row) throw new Error(`"${subject}" is not stored in ${mailbox.path}`);
    return row.id;
  };
  const pendingCount = () => store.db.prepare('SELECT COUNT(*) FROM pending_actions').pluck().get() as number;

  /** What the sync engine would store: the folder list and every message header of three folders. */
  const loadStore = async () => {
    await withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), async (client) => {
      const mailboxes = writer.syncMailboxes(store.accountId, (await client.list()).map(toServerMailbox));
      for (const path of ['INBOX', 'Archive', 'Trash'] as const) {
        const mailbox = mailboxes.find((each) => each.path === path) as StoredMailbox;
        folders[path] = mailbox;
        const opened = await client.mailboxOpen(path, { readOnly: true });
        writer.setMailboxState(mailbox.id, { uidValidity: Number(opened.uidValidity) });
        if (opened.exists === 0) continue;
        const headers = [];
        for await (const message of client.fetch('1:*', HEADER_QUERY, { uid: true })) {
          headers.push(toHeaderRecord(message, identitySource(client.capabilities)));
        }
        writer.saveHeaders(mailbox.id, headers);
      }
    });
  };

  beforeAll(async () => {
    stack = await startMailStack({ keyring: false });
    alice = stack.users[0] as StackUser;
    token = await accessTokenFor(stack.auth, stack.ca, alice);
    await withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), async (client) => {
      for (const [index, subject] of subjects.entries()) await client.append('INBOX', rawMessage(subject, index));
    });
    store = openTestStore();
    writer = createMailWriter(store.db);
    await loadStore();
    actions = createMailActions({
      db: store.db,
      writer,
      connect: async () => {
        connects += 1;
        if (!reachable)
          throw new AppError('CONNECTION_FAILED', `Nothing answers at 127.0.0.1:${stack.dovecot.imapPort}.`);
        const session = await openImapSession(
          {
            endpoint: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
            email: alice.email,
            accessToken: token,
          },
          { extraCa: [stack.ca.caPem] },
        );
        // Count the flag commands that reach the server, to prove a queued change is sent once.
        const addFlags = session.messageFlagsAdd.bind(session);
        session.messageFlagsAdd = (range, flags, options) => {
          flagsAdded.push(flags);
          return addFlags(range, flags, options);
        };
        opened.push(session);
        return session;
      },
      onChanged: () => undefined,
    });
  });

  afterAll(async () => {
    await actions?.close();
    store?.close();
    await stack?.close();
  });

  it('sends a flag change to the server', async () => {
    actions.setFlags([storedId(folders.INBOX, 'Flag me')], { unread: false, flagged: true });
    await actions.flush(store.accountId);

    const onServer = (await serverFolder('INBOX')).find((message) => message.subject === 'Flag me');
    expect(onServer?.flags).toEqual(expect.arrayContaining(['\\Seen', '\\Flagged']));
    expect(pendingCount()).toBe(0);
  });

  it('archives on the server and stores the message in Archive under the server’s UID', async () => {
    actions.move([storedId(folders.INBOX, 'Archive me')], 'archive');
    await actions.flush(store.accountId);

    expect((await serverFolder('INBOX')).map((message) => message.subject)).not.toContain('Archive me');
    const archived = (await serverFolder('Archive')).find((message) => message.subject === 'Archive me');
    expect(archived).toBeDefined();
    expect(storedRows(folders.Archive)).toEqual([
      expect.objectContaining({ subject: 'Archive me', uid: archived?.uid, hidden: 0 }),
    ]);
    expect(storedRows(folders.INBOX).map((row) => row.subject)).not.toContain('Archive me');
  });

  it('deletes to Trash, then for good from Trash', async () => {
    actions.delete([storedId(folders.INBOX, 'Trash me')], false);
    await actions.flush(store.accountId);
    const inTrash = (await serverFolder('Trash')).find((message) => message.subject === 'Trash me');
    expect(inTrash).toBeDefined();
    expect(storedRows(folders.Trash)).toEqual([expect.objectContaining({ subject: 'Trash me', uid: inTrash?.uid })]);

    expect(actions.delete([storedId(folders.Trash, 'Trash me')], true)).toEqual({ undoId: null });
    await actions.flush(store.accountId);
    expect(await serverFolder('Trash')).toEqual([]);
    expect(storedRows(folders.Trash)).toEqual([]);
  });

  it('undoes an archive the server already did: the message is back in the Inbox', async () => {
    const { undoId } = actions.move([storedId(folders.INBOX, 'Undo me')], 'archive');
    await actions.flush(store.accountId);
    expect((await serverFolder('Archive')).map((message) => message.subject)).toContain('Undo me');

    expect(await actions.undo(undoId as string)).toBe(true);
    await actions.flush(store.accountId);

    expect((await serverFolder('Archive')).map((message) => message.subject)).not.toContain('Undo me');
    const back = (await serverFolder('INBOX')).find((message) => message.subject === 'Undo me');
    expect(back).toBeDefined();
    expect(storedRows(folders.INBOX)).toContainEqual(expect.objectContaining({ subject: 'Undo me', uid: back?.uid }));
    expect(storedRows(folders.Archive).map((row) => row.subject)).not.toContain('Undo me');
  });

  it('queues a change while the server is unreachable and replays it once on flush', async () => {
    // The server goes away: so does the session the actions kept from the tests before.
    reachable = false;
    for (const session of opened) session.close();
    actions.setFlags([storedId(folders.INBOX, 'Offline me')], { flagged: true });
    await actions.flush(store.accountId);
    expect(pendingCount()).toBe(1);
    expect((await serverFolder('INBOX')).find((message) => message.subject === 'Offline me')?.flags).not.toContain(
      '\\Flagged',
    );

    reachable = true;
    const before = flagsAdded.length;
    await actions.flush(store.accountId);
    const connectsAfter = connects;
    await actions.flush(store.accountId);

    expect(flagsAdded.slice(before)).toEqual([['\\Flagged']]);
    expect(connects).toBe(connectsAfter);
    expect(pendingCount()).toBe(0);
    expect((await serverFolder('INBOX')).find((message) => message.subject === 'Offline me')?.flags).toContain(
      '\\Flagged',
    );
  });

  it('sends the next change on the session kept from the last one, with no new login', async () => {
    actions.setFlags([storedId(folders.INBOX, 'Offline me')], { flagged: false });
    await actions.flush(store.accountId);
    const loginsBefore = connects;
    actions.setFlags([storedId(folders.INBOX, 'Offline me')], { flagged: true });
    await actions.flush(store.accountId);
    expect(connects).toBe(loginsBefore);
    expect((await serverFolder('INBOX')).find((message) => message.subject === 'Offline me')?.flags).toContain(
      '\\Flagged',
    );
  });
});
