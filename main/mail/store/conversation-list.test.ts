import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListView } from '../../../shared/mail-models';
import { openDatabase, type Db } from '../../store/database';
import { conversationListSql } from './conversation-list';
import { createMailReader, type MailReader } from './mail-reader';
import type { MailWriter, StoredMailbox } from './mail-store-types';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, serverMailbox, standardMailboxes, type TestStore } from './mail-store.test-support';

const minute = 60_000;
const at = (n: number) => Date.UTC(2025, 5, 1) + n * minute;
const bob = { name: 'Bob Example', address: 'bob@example.test' };
const carol = { name: 'Carol Example', address: 'carol@example.test' };

describe('the list by conversation', () => {
  let store: TestStore;
  let writer: MailWriter;
  let readerDb: Db;
  let reader: MailReader;
  let inbox: StoredMailbox;
  let sent: StoredMailbox;
  let trash: StoredMailbox;
  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    const mailboxes = writer.syncMailboxes(store.accountId, [...standardMailboxes, serverMailbox('Trash', 'trash')]);
    const byPath = (path: string) => mailboxes.find((mailbox) => mailbox.path === path)!;
    [inbox, sent, trash] = [byPath('INBOX'), byPath('Sent'), byPath('Trash')];
    readerDb = openDatabase(store.file);
    reader = createMailReader(readerDb);
  });
  afterEach(() => {
    readerDb.close();
    store.close();
  });

  const idOf = (mailboxId: number, uid: number): number =>
    store.db.prepare('SELECT id FROM messages WHERE mailbox_id = ? AND uid = ?').pluck().get(mailboxId, uid) as number;
  const hide = (id: number) => store.db.prepare('UPDATE messages SET hidden = 1 WHERE id = ?').run(id);
  const byConversation = (view: ListView, offset = 0, limit = 50) => reader.list(view, offset, limit, true);

  /** A thread of `count` messages at minutes start, start+1, …, each replying to the one before. */
  const thread = (name: string, uids: number[], start: number, fields: (index: number) => object = () => ({})) =>
    uids.map((uid, index) =>
      header(uid, {
        messageId: `${name}-${index}@harbor.test`,
        inReplyTo: index === 0 ? null : `${name}-${index - 1}@harbor.test`,
        references: Array.from({ length: index }, (_, earlier) => `${name}-${earlier}@harbor.test`),
        subject: index === 0 ? name : `Re: ${name}`,
        date: at(start + index),
        ...fields(index),
      }),
    );

  it('shows a conversation once, at its newest message, with its messages, senders, unread and star', () => {
    writer.saveHeaders(inbox.id, [
      ...thread('Harbour dues', [1, 2, 3, 4, 5, 6], 10, (index) => ({
        from: index % 2 === 0 ? bob : carol,
        flags: index < 4 ? ['\\Seen'] : [],
      })),
      header(7, { subject: 'Alone', date: at(12) }),
      header(8, { subject: 'Older', date: at(1), flags: ['\\Seen', '\\Flagged'], hasAttachments: true }),
    ]);
    // One message of the conversation was starred and has an attachment, one is in Sent: neither changes the row's folder.
    store.db.prepare('UPDATE messages SET flagged = 1, has_attachments = 1 WHERE id = ?').run(idOf(inbox.id, 2));
    writer.saveHeaders(
      sent.id,
      thread('Harbour dues', [1], 30, () => ({ messageId: 'reply@harbor.test' })),
    );

    const page = byConversation({ kind: 'folder', folderId: inbox.id });
    expect(page.total).toBe(3);
    expect(page.rows.map((row) => row.subject)).toEqual(['Re: Harbour dues', 'Alone', 'Older']);
    const [dues, alone, older] = page.rows;
    expect(dues).toMatchObject({
      id: idOf(inbox.id, 6),
      date: at(15),
      unread: true,
      flagged: true,
      hasAttachments: true,
      conversation: {
        messageIds: [6, 5, 4, 3, 2, 1].map((uid) => idOf(inbox.id, uid)),
        participants: [bob, carol],
        unreadCount: 2,
      },
    });
    expect(alone?.conversation).toEqual({
      messageIds: [idOf(inbox.id, 7)],
      participants: [bob],
      unreadCount: 1,
    });
    expect(older).toMatchObject({ unread: false, flagged: true, hasAttachments: true });

    // One row per message when asked so.
    expect(reader.list({ kind: 'folder', folderId: inbox.id }, 0, 50).total).toBe(8);
    expect(reader.list({ kind: 'folder', folderId: inbox.id }, 0, 50).rows[0]?.conversation).toBeUndefined();
  });

  it('pages by conversation, leaving hidden messages out and moving a conversation up when mail joins it', () => {
    // Ten conversations of three messages, interleaved in time: conversation n at minutes n, n+10, n+20.
    const headers = Array.from({ length: 10 }, (_, n) =>
      [0, 1, 2].map((step) =>
        header(n * 3 + step + 1, {
          messageId: `c${n}-${step}@harbor.test`,
          references: step === 0 ? [] : [`c${n}-0@harbor.test`],
          subject: `Conversation ${n}`,
          date: at(n + step * 10),
        }),
      ),
    ).flat();
    writer.saveHeaders(inbox.id, headers);
    const view: ListView = { kind: 'folder', folderId: inbox.id };
    const numbers = (offset: number, limit: number) =>
      byConversation(view, offset, limit).rows.map((row) => row.subject.replace('Conversation ', ''));

    expect(byConversation(view).total).toBe(10);
    expect(numbers(0, 4)).toEqual(['9', '8', '7', '6']);
    expect(numbers(8, 4)).toEqual(['1', '0']);

    // Its newest message archived, conversation 9 takes the place of its next newest: last.
    hide(idOf(inbox.id, 30));
    expect(numbers(0, 10)).toEqual(['8', '7', '6', '5', '4', '3', '2', '1', '0', '9']);
    expect(byConversation(view, 9, 1).rows[0]).toMatchObject({
      date: at(19),
      conversation: { messageIds: [29, 28].map((uid) => idOf(inbox.id, uid)) },
    });
    // Every message of conversation 8 gone: nine conversations.
    for (const uid of [25, 26, 27]) hide(idOf(inbox.id, uid));
    expect(byConversation(view).total).toBe(9);
    expect(numbers(0, 3)).toEqual(['7', '6', '5']);

    // A reply to conversation 0 arrives: the row moves up with three messages and more.
    writer.saveHeaders(inbox.id, [
      header(31, {
        messageId: 'late@harbor.test',
        references: ['c0-0@harbor.test'],
        subject: 'Re: Conversation 0',
        date: at(40),
      }),
    ]);
    const first = byConversation(view, 0, 1).rows[0]!;
    expect(first).toMatchObject({ subject: 'Re: Conversation 0', unread: true });
    expect(first.conversation?.messageIds).toHaveLength(4);
    expect(byConversation(view).total).toBe(9);
  });

  it('groups each account’s Inbox in the unified inbox', () => {
    const other = store.addAccount('carol@harbor.test');
    const otherInbox = writer.syncMailboxes(other, [serverMailbox('INBOX', 'inbox')])[0]!;
    writer.saveHeaders(inbox.id, thread('Moorings', [1, 2, 3], 1));
    // The same Message-IDs in another account are another conversation.
    writer.saveHeaders(otherInbox.id, thread('Moorings', [1, 2], 2));
    writer.saveHeaders(trash.id, [header(1, { subject: 'binned', date: at(9) })]);

    const page = byConversation({ kind: 'unified-inbox' });
    expect(page.total).toBe(2);
    expect(page.rows.map((row) => [row.accountId, row.conversation?.messageIds.length])).toEqual([
      [store.accountId, 3],
      [other, 2],
    ]);
  });

  it('keeps search results one row per message', () => {
    writer.saveHeaders(inbox.id, thread('Lighthouse', [1, 2, 3], 1));
    const page = byConversation({ kind: 'search', query: 'is:unread' });
    expect(page.rows).toHaveLength(3);
    expect(page.rows.every((row) => row.conversation === undefined)).toBe(true);
  });

  it('reads a conversation from Inbox without its messages in Trash, and from Trash with them', () => {
    writer.saveHeaders(inbox.id, thread('Quay', [1, 2], 1));
    writer.saveHeaders(trash.id, [
      header(1, {
        messageId: 'binned@harbor.test',
        references: ['Quay-0@harbor.test'],
        subject: 'Re: Quay',
        date: at(5),
      }),
    ]);
    const threadId = reader.rows([idOf(inbox.id, 1)])[0]!.threadId;

    expect(reader.conversation(store.accountId, threadId, inbox.id).messages.map((m) => m.folderId)).toEqual([
      inbox.id,
      inbox.id,
    ]);
    expect(reader.conversation(store.accountId, threadId, trash.id).messages.map((m) => m.folderId)).toEqual([
      inbox.id,
      inbox.id,
      trash.id,
    ]);
  });

  it('keeps each folder’s heads right as messages come, go, move and conversations merge', () => {
    const heads = () =>
      store.db.prepare('SELECT head_id, mailbox_id, thread_id FROM conversation_heads ORDER BY head_id').all();
    const recomputed = () =>
      store.db
        .prepare(
          `SELECT min(id) AS head_id, mailbox_id, thread_id FROM messages WHERE hidden = 0
           GROUP BY mailbox_id, thread_id ORDER BY head_id`,
        )
        .all();
    // The reply comes before the message it answers: two conversations until the original links them.
    writer.saveHeaders(inbox.id, [
      header(1, { messageId: 'b@x', references: ['a@x', 'missing@x'], subject: 'Re: Nets', date: at(2) }),
      header(2, { messageId: 'c@x', references: ['unknown@x'], subject: 'Other', date: at(3) }),
    ]);
    writer.saveHeaders(inbox.id, [
      header(3, { messageId: 'x@x', inReplyTo: 'c@x', subject: 'Re: Other', date: at(4) }),
    ]);
    writer.saveHeaders(sent.id, [header(1, { messageId: 'a@x', references: ['c@x'], subject: 'Nets', date: at(1) })]);
    expect(heads()).toEqual(recomputed());
    expect(byConversation({ kind: 'folder', folderId: inbox.id }).total).toBe(1);

    hide(idOf(inbox.id, 3));
    expect(heads()).toEqual(recomputed());
    store.db.prepare('UPDATE messages SET mailbox_id = ? WHERE id = ?').run(trash.id, idOf(inbox.id, 2));
    expect(heads()).toEqual(recomputed());
    store.db.prepare('UPDATE messages SET hidden = 0').run();
    expect(heads()).toEqual(recomputed());
    writer.removeUids(inbox.id, [1, 3]);
    expect(heads()).toEqual(recomputed());
    expect(byConversation({ kind: 'folder', folderId: inbox.id }).total).toBe(0);
    expect(byConversation({ kind: 'folder', folderId: trash.id }).total).toBe(1);
  });

  it('answers from indexes: no scan of messages and no sort of them', () => {
    const plan = (sql: string, ...parameters: unknown[]) =>
      (readerDb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map(
        (step) => step.detail,
      );
    const folderHeads = plan(conversationListSql.folderHeads, 1, 50, 0);
    const folderTotal = plan(conversationListSql.folderTotal, 1);
    const members = plan(conversationListSql.members, '[1, 2]');
    // A folder's page walks its heads in id order (newest first) and stops after the page.
    expect(folderHeads).toEqual([
      'SEARCH conversation_heads USING COVERING INDEX conversation_heads_by_folder (mailbox_id=?)',
    ]);
    expect(folderTotal).toEqual(folderHeads);
    expect(members).toEqual([
      expect.stringMatching(/^SCAN page VIRTUAL TABLE/u),
      'SEARCH head USING INTEGER PRIMARY KEY (rowid=?)',
      'SEARCH c USING INDEX messages_by_folder_thread (mailbox_id=? AND hidden=? AND thread_id=?)',
    ]);
    // The Unified Inbox sorts the Inboxes' heads (not their messages).
    for (const steps of [plan(conversationListSql.unifiedHeads, 50, 0), plan(conversationListSql.unifiedTotal)]) {
      expect(steps.slice(0, 1)).toEqual([
        'SEARCH conversation_heads USING COVERING INDEX conversation_heads_by_folder (mailbox_id=?)',
      ]);
    }
  });
});
