import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../store/database';
import type { MailWriter, StoredMailbox } from './mail-store-types';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, serverMailbox, standardMailboxes, type TestStore } from './mail-store.test-support';

const count = (db: Db, sql: string, ...params: unknown[]): number =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

const searchHits = (db: Db, match: string): number[] =>
  db
    .prepare('SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid')
    .pluck()
    .all(match) as number[];

describe('the mail writer', () => {
  let store: TestStore;
  let writer: MailWriter;
  let inbox: StoredMailbox;
  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    const stored = writer.syncMailboxes(store.accountId, standardMailboxes);
    inbox = stored.find((mailbox) => mailbox.role === 'inbox') as StoredMailbox;
  });
  afterEach(() => store.close());

  it('keeps the folder list in step with the server', () => {
    expect(writer.mailboxes(store.accountId).map((mailbox) => mailbox.path)).toEqual([
      'Archive',
      'INBOX',
      'Sent',
      'Work',
    ]);
    writer.saveHeaders(writer.mailboxes(store.accountId).find((m) => m.path === 'Work')!.id, [header(1)]);

    const after = writer.syncMailboxes(store.accountId, [
      serverMailbox('INBOX', 'inbox'),
      { ...serverMailbox('Sent', 'sent'), name: 'Sent Items' },
      { ...serverMailbox('Projects'), selectable: false },
    ]);
    expect(after.map(({ path, name, role, selectable }) => ({ path, name, role, selectable }))).toEqual([
      { path: 'INBOX', name: 'INBOX', role: 'inbox', selectable: true },
      { path: 'Projects', name: 'Projects', role: null, selectable: false },
      { path: 'Sent', name: 'Sent Items', role: 'sent', selectable: true },
    ]);
    // The same rows kept their ids; the removed folder took its messages and their index rows along.
    expect(after.find((mailbox) => mailbox.path === 'INBOX')!.id).toBe(inbox.id);
    expect(count(store.db, 'SELECT count(*) FROM messages')).toBe(0);
    expect(searchHits(store.db, 'bob')).toEqual([]);
  });

  it('records the sync state of a folder, changing only what it is given', () => {
    expect(writer.mailbox(inbox.id)).toMatchObject({ uidValidity: null, syncedDownToUid: null, serverCount: 0 });
    writer.setMailboxState(inbox.id, { uidValidity: 7, uidNext: 120, highestModseq: 900, serverCount: 100 });
    writer.setMailboxState(inbox.id, { syncedDownToUid: 60 });
    expect(writer.mailbox(inbox.id)).toMatchObject({
      uidValidity: 7,
      uidNext: 120,
      highestModseq: 900,
      syncedDownToUid: 60,
      serverCount: 100,
    });
    writer.setMailboxState(inbox.id, { highestModseq: null, syncedDownToUid: 1 });
    expect(writer.mailbox(inbox.id)).toMatchObject({ uidNext: 120, highestModseq: null, syncedDownToUid: 1 });
    expect(writer.mailbox(9999)).toBeUndefined();
  });

  it('stores headers once per UID: a UID delivered again updates its flags and modseq', () => {
    writer.saveHeaders(inbox.id, [header(1), header(2, { flags: ['\\Seen'] }), header(3)]);
    writer.saveHeaders(inbox.id, [header(2, { flags: ['\\Flagged', '$Work'], modseq: 55 }), header(4)]);

    expect(writer.storedUids(inbox.id)).toEqual([1, 2, 3, 4]);
    const row = store.db
      .prepare('SELECT seen, flagged, flags, modseq FROM messages WHERE mailbox_id = ? AND uid = 2')
      .get(inbox.id);
    expect(row).toEqual({ seen: 0, flagged: 1, flags: '["\\\\Flagged","$Work"]', modseq: 55 });
    expect(count(store.db, 'SELECT unread FROM mailboxes WHERE id = ?', inbox.id)).toBe(4);
    expect(count(store.db, 'SELECT count(*) FROM threads')).toBe(4);
    expect(searchHits(store.db, 'bob')).toHaveLength(4);
  });

  it('applies flag changes and keeps the unread count', () => {
    writer.saveHeaders(inbox.id, [header(1), header(2), header(3)]);
    writer.applyFlags(inbox.id, [
      { uid: 1, flags: ['\\Seen'], modseq: 10 },
      { uid: 3, flags: ['\\seen', '\\flagged'], modseq: 11 },
    ]);
    expect(count(store.db, 'SELECT unread FROM mailboxes WHERE id = ?', inbox.id)).toBe(1);
    expect(count(store.db, 'SELECT flagged FROM messages WHERE uid = 3')).toBe(1);
    writer.applyFlags(inbox.id, [{ uid: 1, flags: [], modseq: 12 }]);
    expect(count(store.db, 'SELECT unread FROM mailboxes WHERE id = ?', inbox.id)).toBe(2);
  });

  it('removes messages with their body, attachments, search rows and conversation', () => {
    writer.saveHeaders(inbox.id, [header(1), header(2, { subject: 'Quarterly figures' })]);
    writer.saveBody(inbox.id, 2, {
      text: 'Figures attached',
      html: null,
      snippet: 'Figures attached',
      references: [],
      attachments: [
        {
          filename: 'q.pdf',
          contentType: 'application/pdf',
          size: 5,
          contentId: null,
          inline: false,
          part: '2',
          content: null,
        },
      ],
    });
    writer.removeUids(inbox.id, [2, 99]);

    expect(writer.storedUids(inbox.id)).toEqual([1]);
    expect(count(store.db, 'SELECT count(*) FROM bodies')).toBe(0);
    expect(count(store.db, 'SELECT count(*) FROM attachments')).toBe(0);
    expect(count(store.db, 'SELECT count(*) FROM threads')).toBe(1);
    expect(count(store.db, 'SELECT total FROM mailboxes WHERE id = ?', inbox.id)).toBe(1);
    expect(searchHits(store.db, 'quarterly')).toEqual([]);
    expect(searchHits(store.db, 'figures')).toEqual([]);
  });

  it('starts a folder over when its UIDVALIDITY changed', () => {
    writer.setMailboxState(inbox.id, {
      uidValidity: 1,
      uidNext: 4,
      highestModseq: 30,
      syncedDownToUid: 1,
      serverCount: 3,
    });
    writer.saveHeaders(inbox.id, [header(1), header(2), header(3)]);
    writer.resetMailbox(inbox.id, 2);

    expect(writer.storedUids(inbox.id)).toEqual([]);
    expect(writer.mailbox(inbox.id)).toMatchObject({
      uidValidity: 2,
      uidNext: null,
      highestModseq: null,
      syncedDownToUid: null,
      serverCount: 0,
    });
    expect(count(store.db, 'SELECT total FROM mailboxes WHERE id = ?', inbox.id)).toBe(0);
    expect(count(store.db, 'SELECT count(*) FROM threads')).toBe(0);
    expect(searchHits(store.db, 'bob')).toEqual([]);
  });

  it('stores a body: snippet, attachments, body text in the index, has_body', () => {
    writer.saveHeaders(inbox.id, [header(5), header(6), header(7)]);
    expect(writer.uidsWithoutBody(inbox.id, 2)).toEqual([7, 6]);
    writer.saveBody(inbox.id, 7, {
      text: 'The crème brûlée recipe',
      html: '<p>The crème brûlée recipe</p>',
      snippet: 'The crème brûlée recipe',
      references: [],
      attachments: [
        {
          filename: 'logo.png',
          contentType: 'image/png',
          size: 3,
          contentId: 'logo@x',
          inline: true,
          part: '1.2',
          content: new Uint8Array([1, 2, 3]),
        },
      ],
    });
    expect(writer.uidsWithoutBody(inbox.id, 5)).toEqual([6, 5]);
    const message = store.db
      .prepare('SELECT id, snippet, has_body, has_attachments FROM messages WHERE uid = 7')
      .get() as { id: number; snippet: string; has_body: number; has_attachments: number };
    expect(message).toMatchObject({ snippet: 'The crème brûlée recipe', has_body: 1, has_attachments: 0 });
    expect(store.db.prepare('SELECT content FROM attachments WHERE message_id = ?').pluck().get(message.id)).toEqual(
      Buffer.from([1, 2, 3]),
    );
    // Diacritics folded; the subject and sender stay indexed next to the body.
    expect(searchHits(store.db, 'creme brulee')).toEqual([message.id]);
    expect(searchHits(store.db, 'subject:"message 7" AND sender:bob')).toEqual([message.id]);
    // A body for a UID expunged meanwhile is dropped quietly.
    writer.saveBody(inbox.id, 99, { text: 'x', html: null, snippet: 'x', references: [], attachments: [] });
    expect(count(store.db, 'SELECT count(*) FROM bodies')).toBe(1);
  });

  it("takes subject and addresses from the body's own header over the ENVELOPE's, keeping what it lacks", () => {
    writer.saveHeaders(inbox.id, [
      header(1, {
        subject: 'Another PDF',
        from: { name: '', address: 'jang.abcdef@xyzlinu' },
        to: [{ name: 'Ann', address: 'ann@example.org' }],
      }),
    ]);
    writer.saveBody(inbox.id, 1, {
      headers: {
        subject: 'Testing outlook',
        from: { name: 'Jang', address: 'jang@xyzlinux.test' },
        to: null,
        cc: [{ name: 'Carol', address: 'carol@example.org' }],
        replyTo: null,
      },
      text: 'body',
      html: null,
      snippet: 'body',
      references: [],
      attachments: [],
    });
    const row = store.db
      .prepare('SELECT subject, from_name, from_address, to_json, cc_json FROM messages WHERE uid = 1')
      .get();
    expect(row).toEqual({
      subject: 'Testing outlook',
      from_name: 'Jang',
      from_address: 'jang@xyzlinux.test',
      to_json: JSON.stringify([{ name: 'Ann', address: 'ann@example.org' }]),
      cc_json: JSON.stringify([{ name: 'Carol', address: 'carol@example.org' }]),
    });
    const id = count(store.db, 'SELECT id FROM messages WHERE uid = 1');
    expect(searchHits(store.db, 'subject : outlook')).toEqual([id]);
    expect(searchHits(store.db, 'subject : pdf')).toEqual([]);
    expect(searchHits(store.db, 'sender : xyzlinux')).toEqual([id]);
    expect(searchHits(store.db, 'recipients : carol')).toEqual([id]);
  });

  it('locates stored messages on their server', () => {
    writer.setMailboxState(inbox.id, { uidValidity: 42 });
    writer.saveHeaders(inbox.id, [header(8)]);
    const id = count(store.db, 'SELECT id FROM messages WHERE uid = 8');
    expect(writer.locate([id, 12345])).toEqual([
      { messageId: id, accountId: store.accountId, mailboxId: inbox.id, path: 'INBOX', uid: 8, uidValidity: 42 },
    ]);
  });

  it('rejects headers for a folder it does not know', () => {
    expect(() => writer.saveHeaders(4242, [header(1)])).toThrow(/No stored mailbox 4242/);
  });
});
