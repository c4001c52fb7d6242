import type { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openDatabase, type Db } from '../../store/database';
import type { MailWriter, StoredMailbox } from '../store/mail-store-types';
import { createMailWriter } from '../store/mail-writer';
import { header, openTestStore, serverMailbox, type TestStore } from '../store/mail-store.test-support';
import { createMailActions, type MailActions } from './mail-actions';
import { pendingFlagOverrides } from './pending-flag-overrides';
import { uidSet } from './server-replay';

// A small in-memory IMAP server behind the few ImapFlow calls the actions make, so each outcome
// (done, refused, stale, connection lost) can be produced on demand. The real server is exercised
// in e2e/integration/mail-actions.stack.test.ts.
interface FakeFolder {
  uidValidity: number;
  uidNext: number;
  messages: Map<number, Set<string>>;
}

class FakeServer {
  readonly folders = new Map<string, FakeFolder>();
  commands: string[] = [];
  /** Makes the next command fail as if the connection dropped. */
  dropNextCommand = false;
  /** While set, MOVE waits for it (to act while the server is busy). */
  moveGate: Promise<void> | null = null;
  /** The connection dies while MOVE runs (imapflow then answers false). */
  loseConnectionInMove = false;

  folder(path: string, uidValidity: number, uids: number[] = []): FakeFolder {
    const folder = { uidValidity, uidNext: Math.max(0, ...uids) + 1, messages: new Map<number, Set<string>>() };
    for (const uid of uids) folder.messages.set(uid, new Set());
    this.folders.set(path, folder);
    return folder;
  }

  flagsOf(path: string, uid: number): string[] {
    return [...(this.folders.get(path)?.messages.get(uid) ?? [])].sort();
  }

  uids(path: string): number[] {
    return [...(this.folders.get(path)?.messages.keys() ?? [])];
  }

  client(): ImapFlow {
    return fakeClient(this);
  }
}

function fakeClient(server: FakeServer): ImapFlow {
  let selected: string | null = null;
  const uidsIn = (range: string) =>
    range.split(',').flatMap((part) => {
      const [first, last = first] = part.split(':').map(Number) as [number, number?];
      return Array.from({ length: (last as number) - first + 1 }, (_, at) => first + at);
    });
  const current = () => server.folders.get(selected as string) as FakeFolder;
  const command = (name: string) => {
    server.commands.push(name);
    if (server.dropNextCommand) {
      server.dropNextCommand = false;
      client.usable = false;
      throw new Error('Connection closed');
    }
  };
  const client = {
    usable: true,
    capabilities: new Map([['UIDPLUS', true]]),
    get mailbox() {
      const folder = selected === null ? undefined : server.folders.get(selected);
      return folder ? { path: selected, uidValidity: BigInt(folder.uidValidity) } : false;
    },
    async getMailboxLock(path: string) {
      command(`SELECT ${path}`);
      if (!server.folders.has(path)) throw new Error('Mailbox does not exist');
      selected = path;
      return { path, release: () => undefined };
    },
    async messageFlagsAdd(range: string, flags: string[]) {
      command(`UID STORE ${range} +FLAGS ${flags.join(' ')}`);
      for (const uid of uidsIn(range)) for (const flag of flags) current().messages.get(uid)?.add(flag);
      return true;
    },
    async messageFlagsRemove(range: string, flags: string[]) {
      command(`UID STORE ${range} -FLAGS ${flags.join(' ')}`);
      for (const uid of uidsIn(range)) for (const flag of flags) current().messages.get(uid)?.delete(flag);
      return true;
    },
    async messageMove(range: string, destination: string) {
      command(`UID MOVE ${range} ${destination}`);
      await server.moveGate;
      if (server.loseConnectionInMove) {
        client.usable = false;
        return false;
      }
      const target = server.folders.get(destination);
      if (!target) return false;
      const uidMap = new Map<number, number>();
      for (const uid of uidsIn(range)) {
        const flags = current().messages.get(uid);
        if (!flags) continue;
        current().messages.delete(uid);
        target.messages.set(target.uidNext, flags);
        uidMap.set(uid, target.uidNext);
        target.uidNext += 1;
      }
      return { path: selected, destination, uidValidity: BigInt(target.uidValidity), uidMap };
    },
    async messageDelete(range: string) {
      command(`UID EXPUNGE ${range}`);
      for (const uid of uidsIn(range)) current().messages.delete(uid);
      return true;
    },
    async logout() {
      client.usable = false;
    },
    close() {
      client.usable = false;
    },
  };
  return client as unknown as ImapFlow;
}

const offline = () => Promise.reject(new AppError('CONNECTION_FAILED', 'Nothing answers at 127.0.0.1:993.'));

interface Row {
  id: number;
  uid: number;
  seen: number;
  flagged: number;
  hidden: number;
  flags: string;
}

describe('mail actions', () => {
  let store: TestStore;
  let db: Db;
  let writer: MailWriter;
  let server: FakeServer;
  let online: boolean;
  let clock: number;
  let changed: { accountId: string; mailboxIds: number[] }[];
  let failures: string[];
  let actions: MailActions;
  let inbox: StoredMailbox;
  let archive: StoredMailbox;
  let trash: StoredMailbox;

  const start = () => {
    writer = createMailWriter(db);
    actions = createMailActions({
      db,
      writer,
      connect: async () => (online ? server.client() : offline()),
      onChanged: (accountId, mailboxIds) => changed.push({ accountId, mailboxIds }),
      onFailed: (_accountId, message) => failures.push(message),
      now: () => clock,
    });
  };

  const rows = (mailbox: StoredMailbox): Row[] =>
    db
      .prepare<[number], Row>(
        'SELECT id, uid, seen, flagged, hidden, flags FROM messages WHERE mailbox_id = ? ORDER BY uid',
      )
      .all(mailbox.id);
  const idOf = (mailbox: StoredMailbox, uid: number): number =>
    rows(mailbox).find((row) => row.uid === uid)?.id as number;
  const pending = () =>
    db
      .prepare<[], { kind: string; attempts: number; next_attempt_at: number | null; last_error: string | null }>(
        'SELECT kind, attempts, next_attempt_at, last_error FROM pending_actions ORDER BY id',
      )
      .all();
  const counts = (mailbox: StoredMailbox) =>
    db.prepare('SELECT total, unread FROM mailboxes WHERE id = ?').get(mailbox.id) as { total: number; unread: number };

  beforeEach(() => {
    store = openTestStore();
    db = store.db;
    server = new FakeServer();
    server.folder('INBOX', 7, [1, 2, 3]);
    server.folder('Archive', 8, [40]);
    server.folder('Trash', 9, []);
    online = true;
    clock = 1_000_000;
    changed = [];
    failures = [];
    start();
    const mailboxes = writer.syncMailboxes(store.accountId, [
      serverMailbox('INBOX', 'inbox'),
      serverMailbox('Archive', 'archive'),
      serverMailbox('Trash', 'trash'),
    ]);
    const byPath = (path: string) => mailboxes.find((mailbox) => mailbox.path === path) as StoredMailbox;
    [inbox, archive, trash] = [byPath('INBOX'), byPath('Archive'), byPath('Trash')];
    writer.setMailboxState(inbox.id, { uidValidity: 7 });
    writer.setMailboxState(archive.id, { uidValidity: 8 });
    writer.setMailboxState(trash.id, { uidValidity: 9 });
    writer.saveHeaders(inbox.id, [header(1), header(2, { flags: ['\\Seen', '$Label1'] }), header(3)]);
    writer.saveBody(inbox.id, 1, {
      text: 'The quarterly numbers are in.',
      html: null,
      snippet: 'The quarterly numbers',
      references: [],
      attachments: [
        {
          filename: 'numbers.csv',
          contentType: 'text/csv',
          size: 12,
          contentId: null,
          inline: false,
          part: '2',
          content: null,
        },
      ],
    });
    writer.saveHeaders(archive.id, [header(40)]);
  });

  afterEach(async () => {
    await actions.close();
    store.close();
  });

  describe('setFlags', () => {
    it('changes the store at once, then the server, and forgets the action', async () => {
      actions.setFlags([idOf(inbox, 1), idOf(inbox, 2)], { unread: false, flagged: true });

      expect(rows(inbox).slice(0, 2)).toMatchObject([
        { uid: 1, seen: 1, flagged: 1, flags: '["\\\\Seen","\\\\Flagged"]' },
        { uid: 2, seen: 1, flagged: 1, flags: '["$Label1","\\\\Seen","\\\\Flagged"]' },
      ]);
      expect(counts(inbox)).toEqual({ total: 3, unread: 1 });
      expect(changed).toEqual([{ accountId: store.accountId, mailboxIds: [inbox.id] }]);

      await actions.flush(store.accountId);
      expect(server.commands).toEqual(['SELECT INBOX', 'UID STORE 1:2 +FLAGS \\Seen \\Flagged']);
      expect(server.flagsOf('INBOX', 1)).toEqual(['\\Flagged', '\\Seen']);
      expect(pending()).toEqual([]);
    });

    it('marks unread by removing \\Seen on the server', async () => {
      actions.setFlags([idOf(inbox, 2)], { unread: true });
      await actions.flush(store.accountId);
      expect(server.commands).toContain('UID STORE 2 -FLAGS \\Seen');
      expect(rows(inbox)[1]).toMatchObject({ seen: 0, flags: '["$Label1"]' });
    });

    it('drops the action when the folder was recreated on the server (UIDVALIDITY changed)', async () => {
      (server.folders.get('INBOX') as FakeFolder).uidValidity = 70;
      actions.setFlags([idOf(inbox, 1)], { flagged: true });
      await actions.flush(store.accountId);
      expect(server.commands).toEqual(['SELECT INBOX']);
      expect(pending()).toEqual([]);
    });

    it('refuses ids it does not store', () => {
      expect(() => actions.setFlags([9999], { flagged: true })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });

  describe('offline', () => {
    it('keeps the action with a backoff, survives a restart and replays it exactly once on flush', async () => {
      online = false;
      actions.setFlags([idOf(inbox, 3)], { flagged: true });
      await actions.flush(store.accountId);
      expect(pending()).toEqual([
        { kind: 'flags', attempts: 1, next_attempt_at: clock + 2_000, last_error: 'Nothing answers at 127.0.0.1:993.' },
      ]);
      await actions.flush(store.accountId);
      expect(pending()).toMatchObject([{ attempts: 2, next_attempt_at: clock + 4_000 }]);

      // Queued behind a backoff: a second action does not try the server on its own.
      actions.move([idOf(inbox, 1)], 'archive');
      expect(rows(inbox)[0]).toMatchObject({ uid: 1, hidden: 1 });
      expect(counts(inbox).total).toBe(2);

      // The sync engine, pulling server flags meanwhile, keeps the user's change.
      expect(pendingFlagOverrides(db)(inbox.id, [{ uid: 3, flags: ['\\Seen'], modseq: 5 }])).toEqual([
        { uid: 3, flags: ['\\Seen', '\\Flagged'], modseq: 5 },
      ]);

      await actions.close();
      db.close();
      db = openDatabase(store.file);
      online = true;
      start();
      await actions.flush(store.accountId);
      await actions.flush(store.accountId);

      expect(server.commands).toEqual([
        'SELECT INBOX',
        'UID STORE 3 +FLAGS \\Flagged',
        'SELECT INBOX',
        'UID MOVE 1 Archive',
      ]);
      expect(pending()).toEqual([]);
      expect(rows(archive).map((row) => row.uid)).toEqual([40, 41]);
      expect(pendingFlagOverrides(db)(inbox.id, [{ uid: 3, flags: [], modseq: 6 }])).toEqual([
        { uid: 3, flags: [], modseq: 6 },
      ]);
    });

    it('retries by itself when the backoff is due', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        online = false;
        actions.setFlags([idOf(inbox, 1)], { flagged: true });
        await actions.flush(store.accountId);
        online = true;
        await vi.advanceTimersByTimeAsync(1_900);
        expect(pending()).toHaveLength(1);
        clock += 2_000;
        await vi.advanceTimersByTimeAsync(100);
        await vi.waitFor(() => expect(pending()).toEqual([]));
        expect(server.commands).toEqual(['SELECT INBOX', 'UID STORE 1 +FLAGS \\Flagged']);
      } finally {
        vi.useRealTimers();
      }
    });

    it('keeps the rest of the queue when the connection drops mid-way', async () => {
      actions.setFlags([idOf(inbox, 1)], { flagged: true });
      actions.setFlags([idOf(inbox, 2)], { flagged: true });
      server.dropNextCommand = true;
      await actions.flush(store.accountId);
      expect(pending()).toMatchObject([
        { kind: 'flags', attempts: 1, last_error: 'The connection to the mail server was lost.' },
        { kind: 'flags', attempts: 1 },
      ]);
      await actions.flush(store.accountId);
      expect(pending()).toEqual([]);
      expect(server.flagsOf('INBOX', 1)).toEqual(['\\Flagged']);
      expect(server.flagsOf('INBOX', 2)).toEqual(['\\Flagged']);
    });
  });

  describe('move', () => {
    it('hides the message at once, then stores it in Archive under the UID the server gave it', async () => {
      const { undoId } = actions.move([idOf(inbox, 1)], 'archive');
      expect(undoId).toEqual(expect.any(String));
      expect(rows(inbox)[0]).toMatchObject({ uid: 1, hidden: 1 });
      expect(counts(inbox)).toEqual({ total: 2, unread: 1 });

      await actions.flush(store.accountId);
      expect(server.uids('INBOX')).toEqual([2, 3]);
      expect(server.uids('Archive')).toEqual([40, 41]);
      expect(rows(inbox).map((row) => row.uid)).toEqual([2, 3]);
      const moved = rows(archive).find((row) => row.uid === 41) as Row;
      expect(moved).toMatchObject({ hidden: 0, seen: 0 });
      const body = db
        .prepare(
          'SELECT b.text, m.subject, m.has_attachments FROM messages m JOIN bodies b ON b.message_id = m.id WHERE m.id = ?',
        )
        .get(moved.id);
      expect(body).toEqual({ text: 'The quarterly numbers are in.', subject: 'Message 1', has_attachments: 1 });
      expect(db.prepare('SELECT filename FROM attachments WHERE message_id = ?').pluck().all(moved.id)).toEqual([
        'numbers.csv',
      ]);
      expect(changed.at(-1)).toEqual({ accountId: store.accountId, mailboxIds: [inbox.id, archive.id] });
    });

    it('archives into All Mail (\\All) where the account has no Archive folder, as at Gmail', async () => {
      server.folder('[Gmail]/All Mail', 10, [90]);
      const [, allMail] = writer.syncMailboxes(store.accountId, [
        serverMailbox('INBOX', 'inbox'),
        serverMailbox('[Gmail]/All Mail', 'all'),
        serverMailbox('Trash', 'trash'),
      ]);
      writer.setMailboxState((allMail as StoredMailbox).id, { uidValidity: 10 });
      actions.move([idOf(inbox, 1)], 'archive');
      await actions.flush(store.accountId);
      expect(server.uids('INBOX')).toEqual([2, 3]);
      expect(server.uids('[Gmail]/All Mail')).toEqual([90, 91]);
      expect(pending()).toEqual([]);
    });

    it('says plainly when the account has no Archive folder', () => {
      writer.syncMailboxes(store.accountId, [serverMailbox('INBOX', 'inbox'), serverMailbox('Trash', 'trash')]);
      expect(() => actions.move([idOf(inbox, 1)], 'archive')).toThrow(
        new AppError(
          'NOT_FOUND',
          'This account has no Archive folder on its server. Create one there, or move the messages to another folder.',
        ),
      );
      expect(rows(inbox)[0]).toMatchObject({ hidden: 0 });
      expect(pending()).toEqual([]);
    });

    it('refuses a folder of another account', () => {
      const other = store.addAccount('bob@harbor.test');
      const [otherInbox] = writer.syncMailboxes(other, [serverMailbox('INBOX', 'inbox')]);
      expect(() => actions.move([idOf(inbox, 1)], { folderId: (otherInbox as StoredMailbox).id })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    });

    it('takes the change back and says so when the server refuses it', async () => {
      server.folders.delete('Archive');
      actions.move([idOf(inbox, 2)], 'archive');
      await actions.flush(store.accountId);
      expect(rows(inbox)[1]).toMatchObject({ uid: 2, hidden: 0 });
      expect(pending()).toEqual([]);
      expect(failures).toEqual(['The server did not move the messages to "Archive".']);
    });
  });

  describe('delete', () => {
    it('moves to Trash, then deletes for good from Trash only', async () => {
      expect(() => actions.delete([idOf(inbox, 1)], true)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));

      const { undoId } = actions.delete([idOf(inbox, 1)], false);
      expect(undoId).toEqual(expect.any(String));
      await actions.flush(store.accountId);
      expect(server.uids('Trash')).toEqual([1]);
      const inTrash = idOf(trash, 1);

      expect(() => actions.delete([inTrash], false)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
      expect(actions.delete([inTrash], true)).toEqual({ undoId: null });
      expect(rows(trash)).toMatchObject([{ uid: 1, hidden: 1 }]);
      await actions.flush(store.accountId);
      expect(server.commands.at(-1)).toBe('UID EXPUNGE 1');
      expect(server.uids('Trash')).toEqual([]);
      expect(rows(trash)).toEqual([]);
    });
  });

  describe('undo', () => {
    it('before the server ran the action: drops it and shows the message again', async () => {
      online = false;
      const { undoId } = actions.move([idOf(inbox, 1), idOf(inbox, 3)], 'archive');
      await actions.flush(store.accountId);
      expect(await actions.undo(undoId as string)).toBe(true);
      expect(rows(inbox).map((row) => row.hidden)).toEqual([0, 0, 0]);
      expect(pending()).toEqual([]);

      online = true;
      await actions.flush(store.accountId);
      expect(server.commands).toEqual([]);
      expect(await actions.undo(undoId as string)).toBe(false);
    });

    it('after the server moved it: moves it back under its new UID', async () => {
      const { undoId } = actions.move([idOf(inbox, 1)], 'archive');
      await actions.flush(store.accountId);
      expect(await actions.undo(undoId as string)).toBe(true);
      expect(rows(archive).find((row) => row.uid === 41)).toMatchObject({ hidden: 1 });
      await actions.flush(store.accountId);

      expect(server.commands.at(-1)).toBe('UID MOVE 41 INBOX');
      expect(server.uids('INBOX')).toEqual([2, 3, 4]);
      expect(rows(inbox).map((row) => row.uid)).toEqual([2, 3, 4]);
      expect(rows(archive).map((row) => row.uid)).toEqual([40]);
    });

    it('while the server is still moving it: waits, then moves it back', async () => {
      let release = () => undefined as void;
      server.moveGate = new Promise((resolve) => (release = resolve));
      const { undoId } = actions.move([idOf(inbox, 2)], 'trash');
      const flushing = actions.flush(store.accountId);
      await vi.waitFor(() => expect(server.commands).toContain('UID MOVE 2 Trash'));
      const undone = actions.undo(undoId as string);
      server.moveGate = null;
      release();
      await flushing;
      expect(await undone).toBe(true);
      await actions.flush(store.accountId);
      expect(server.uids('INBOX')).toEqual([1, 3, 4]);
      expect(server.uids('Trash')).toEqual([]);
    });

    it('while the server is moving it and the connection drops: drops the queued move', async () => {
      let release = () => undefined as void;
      server.moveGate = new Promise((resolve) => (release = resolve));
      const { undoId } = actions.move([idOf(inbox, 3)], 'archive');
      const flushing = actions.flush(store.accountId);
      await vi.waitFor(() => expect(server.commands).toContain('UID MOVE 3 Archive'));
      const undone = actions.undo(undoId as string);
      server.loseConnectionInMove = true;
      release();
      await flushing;
      expect(await undone).toBe(true);
      expect(pending()).toEqual([]);
      expect(rows(inbox).map((row) => row.hidden)).toEqual([0, 0, 0]);
    });

    it('is good for 30 seconds', async () => {
      const { undoId } = actions.move([idOf(inbox, 1)], 'archive');
      clock += 30_000;
      expect(await actions.undo(undoId as string)).toBe(false);
      expect(await actions.undo('no-such-undo')).toBe(false);
    });
  });

  describe('on a selection (several messages, one command each way)', () => {
    const inboxIds = () => [1, 2, 3].map((uid) => idOf(inbox, uid));

    it('moves them in one UID MOVE and one undo brings them all back', async () => {
      const { undoId } = actions.move(inboxIds(), 'archive');
      await actions.flush(store.accountId);
      expect(server.commands).toEqual(['SELECT INBOX', 'UID MOVE 1:3 Archive']);
      expect(server.uids('INBOX')).toEqual([]);

      expect(await actions.undo(undoId as string)).toBe(true);
      await actions.flush(store.accountId);
      expect(server.commands.at(-1)).toBe('UID MOVE 41:43 INBOX');
      expect(server.uids('INBOX')).toHaveLength(3);
      expect(rows(inbox).filter((row) => row.hidden === 0)).toHaveLength(3);
    });

    it('stars them in one UID STORE; undo takes the star off only where it was not before', async () => {
      actions.setFlags([idOf(inbox, 2)], { flagged: true });
      await actions.flush(store.accountId);
      server.commands = [];

      const { undoId } = actions.setFlags(inboxIds(), { flagged: true });
      expect(rows(inbox).map((row) => row.flagged)).toEqual([1, 1, 1]);
      await actions.flush(store.accountId);
      expect(server.commands).toEqual(['SELECT INBOX', 'UID STORE 1:3 +FLAGS \\Flagged']);

      expect(await actions.undo(undoId as string)).toBe(true);
      expect(rows(inbox).map((row) => row.flagged)).toEqual([0, 1, 0]);
      await actions.flush(store.accountId);
      expect(server.commands.at(-1)).toBe('UID STORE 1,3 -FLAGS \\Flagged');
      expect([1, 2, 3].map((uid) => server.flagsOf('INBOX', uid).includes('\\Flagged'))).toEqual([false, true, false]);
      expect(await actions.undo(undoId as string)).toBe(false);
    });

    it('marks a whole folder read in one command, and undo makes the same messages unread again', async () => {
      expect(counts(inbox).unread).toBe(2);
      const { undoId } = actions.markAllRead([inbox.id]);
      expect(counts(inbox).unread).toBe(0);
      expect(changed.at(-1)).toEqual({ accountId: store.accountId, mailboxIds: [inbox.id] });
      await actions.flush(store.accountId);
      expect(server.commands).toEqual(['SELECT INBOX', 'UID STORE 1,3 +FLAGS \\Seen']);

      expect(await actions.undo(undoId as string)).toBe(true);
      expect(counts(inbox).unread).toBe(2);
      await actions.flush(store.accountId);
      expect(server.commands.at(-1)).toBe('UID STORE 1,3 -FLAGS \\Seen');
      expect([1, 3].map((uid) => server.flagsOf('INBOX', uid))).toEqual([[], []]);
      expect(rows(inbox).map((row) => row.seen)).toEqual([0, 1, 0]);
    });

    it('has nothing to undo when the folder had nothing unread', () => {
      actions.markAllRead([inbox.id]);
      expect(actions.markAllRead([inbox.id])).toEqual({ undoId: null });
    });
  });
});

describe('uidSet', () => {
  it('writes runs of UIDs as ranges, in ascending order', () => {
    expect(uidSet([7, 1, 2, 3, 4, 9, 10, 12])).toBe('1:4,7,9:10,12');
    expect(uidSet([5])).toBe('5');
  });
});
