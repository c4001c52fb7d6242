import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../store/database';
import type { BodyRecord, MailWriter, StoredMailbox } from './mail-store-types';
import { createMailReader, type MailReader } from './mail-reader';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from './mail-store.test-support';

const count = (db: Db, sql: string, ...params: unknown[]): number =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

const body = (text: string): BodyRecord => ({
  text,
  html: null,
  snippet: text.slice(0, 40),
  references: [],
  attachments: [
    {
      filename: 'plan.pdf',
      contentType: 'application/pdf',
      size: 9,
      contentId: null,
      inline: false,
      part: '2',
      content: null,
    },
  ],
});

describe('one message in several folders', () => {
  let store: TestStore;
  let writer: MailWriter;
  let reader: MailReader;
  let inbox: StoredMailbox;
  let archive: StoredMailbox;
  const idOf = (mailbox: StoredMailbox, uid: number) =>
    count(store.db, 'SELECT id FROM messages WHERE mailbox_id = ? AND uid = ?', mailbox.id, uid);
  const search = (query: string) => reader.list({ kind: 'search', query }, 0, 50).rows;

  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    const stored = writer.syncMailboxes(store.accountId, standardMailboxes);
    inbox = stored.find((mailbox) => mailbox.role === 'inbox')!;
    archive = stored.find((mailbox) => mailbox.role === 'archive')!;
    reader = createMailReader(store.db);
  });
  afterEach(() => store.close());

  it('stores and indexes the body once, and every folder reads it without another download', () => {
    writer.saveHeaders(inbox.id, [header(1, { objectId: 'emailid:M1' }), header(2, { objectId: 'emailid:M2' })]);
    writer.saveHeaders(archive.id, [{ ...header(1, { objectId: 'emailid:M1', flags: ['\\Seen'] }), uid: 40 }]);
    writer.saveBody(inbox.id, 1, body('the zeppelin timetable'));

    // The Archive copy has its body: the body pass has nothing to fetch there.
    expect(writer.sizesWithoutBody(archive.id)).toEqual([]);
    expect(count(store.db, 'SELECT count(*) FROM bodies')).toBe(1);
    expect(count(store.db, 'SELECT count(*) FROM attachments')).toBe(1);
    expect(count(store.db, "SELECT count(*) FROM message_search WHERE message_search MATCH 'zeppelin'")).toBe(1);

    const copy = reader.message(idOf(archive, 40))!;
    expect(copy.text).toBe('the zeppelin timetable');
    expect(copy.attachments.map((attachment) => attachment.filename)).toEqual(['plan.pdf']);
    expect(copy.folderIds.sort()).toEqual([inbox.id, archive.id].sort());
    // Flags stay per folder: read in Archive, unread in the Inbox.
    expect(reader.message(idOf(inbox, 1))!.unread).toBe(true);
    expect(copy.unread).toBe(false);

    // Search shows it once, by words of the body and of the header alike.
    expect(search('zeppelin ').map((row) => row.id)).toEqual([idOf(inbox, 1)]);
    expect(search('Message 1 ')).toHaveLength(1);
    // A filter picks the copy that fits it.
    expect(search('zeppelin is:unread').map((row) => row.folderId)).toEqual([inbox.id]);
    expect(reader.list({ kind: 'search', query: 'zeppelin', folderId: archive.id }, 0, 50).rows).toHaveLength(1);
    expect(search('has:attachment').map((row) => row.id)).toEqual([idOf(inbox, 1)]);

    // The conversation holds the message once and counts it once.
    const row = search('zeppelin ')[0]!;
    expect(row.threadCount).toBe(1);
    expect(reader.conversation(store.accountId, row.threadId, archive.id).messages.map((m) => m.id)).toEqual([
      idOf(archive, 40),
    ]);
  });

  it('gives a copy that arrives after the body the body at once', () => {
    writer.saveHeaders(inbox.id, [header(1, { objectId: 'gm:1278455344230334865' })]);
    writer.saveBody(inbox.id, 1, body('quarterly marmalade'));
    writer.saveHeaders(archive.id, [{ ...header(1, { objectId: 'gm:1278455344230334865' }), uid: 9 }]);

    expect(writer.uidsWithoutBody(archive.id, 10)).toEqual([]);
    expect(reader.message(idOf(archive, 9))!.text).toBe('quarterly marmalade');
    expect(reader.list({ kind: 'folder', folderId: archive.id }, 0, 10).rows[0]!.snippet).toBe('quarterly marmalade');
    expect(count(store.db, 'SELECT count(*) FROM bodies')).toBe(1);
    // A body fetched again through the copy (opened before the list caught up) is not stored twice.
    writer.saveBody(archive.id, 9, body('quarterly marmalade'));
    expect(count(store.db, 'SELECT count(*) FROM bodies')).toBe(1);
  });

  it('keeps the body and the index entry while any folder still holds the message', () => {
    writer.saveHeaders(inbox.id, [header(1, { objectId: 'emailid:M1' })]);
    writer.saveHeaders(archive.id, [{ ...header(1, { objectId: 'emailid:M1' }), uid: 40 }]);
    writer.saveBody(inbox.id, 1, body('the zeppelin timetable'));
    const contentId = idOf(inbox, 1);

    // The row that held the body goes (expunged from the Inbox): the Archive copy keeps it.
    writer.removeUids(inbox.id, [1]);
    const copy = reader.message(idOf(archive, 40))!;
    expect(copy.text).toBe('the zeppelin timetable');
    expect(copy.attachments).toHaveLength(1);
    expect(copy.folderIds).toEqual([archive.id]);
    expect(search('zeppelin ').map((row) => row.id)).toEqual([idOf(archive, 40)]);

    // The content's name is not handed to another message of the same second meanwhile.
    writer.saveHeaders(inbox.id, [header(2, { date: header(1).date })]);
    expect(idOf(inbox, 2)).not.toBe(contentId);
    expect(search('zeppelin ')).toHaveLength(1);

    writer.resetMailbox(archive.id, 2);
    expect(count(store.db, 'SELECT count(*) FROM bodies')).toBe(0);
    expect(count(store.db, 'SELECT count(*) FROM attachments')).toBe(0);
    expect(count(store.db, "SELECT count(*) FROM message_search WHERE message_search MATCH 'zeppelin'")).toBe(0);
  });

  it('keeps the body when the folder that held it leaves the server', () => {
    writer.saveHeaders(inbox.id, [header(1, { objectId: 'emailid:M1' })]);
    writer.saveHeaders(archive.id, [{ ...header(1, { objectId: 'emailid:M1' }), uid: 40 }]);
    writer.saveBody(inbox.id, 1, body('the zeppelin timetable'));
    writer.syncMailboxes(
      store.accountId,
      standardMailboxes.filter((mailbox) => mailbox.role !== 'inbox'),
    );
    expect(reader.message(idOf(archive, 40))!.text).toBe('the zeppelin timetable');
    expect(search('zeppelin ')).toHaveLength(1);
  });

  it('leaves messages without an identity apart, whatever their Message-ID', () => {
    writer.saveHeaders(inbox.id, [header(1)]);
    writer.saveHeaders(archive.id, [header(1)]);
    writer.saveBody(inbox.id, 1, body('alone'));
    expect(writer.uidsWithoutBody(archive.id, 10)).toEqual([1]);
    expect(search('Message 1 ')).toHaveLength(2);
  });
});
