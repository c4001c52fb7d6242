import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListView } from '../../../shared/mail-models';
import { openDatabase, type Db } from '../../store/database';
import { countAhead, createMailReader, type MailReader } from './mail-reader';
import type { MailWriter, StoredMailbox } from './mail-store-types';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, serverMailbox, standardMailboxes, type TestStore } from './mail-store.test-support';

const day = 86_400_000;
const at = (n: number) => Date.UTC(2025, 5, 1) + n * day;

describe('the mail reader', () => {
  let store: TestStore;
  let writer: MailWriter;
  let readerDb: Db;
  let reader: MailReader;
  let inbox: StoredMailbox;
  let sent: StoredMailbox;
  let work: StoredMailbox;
  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    const mailboxes = writer.syncMailboxes(store.accountId, [
      ...standardMailboxes,
      serverMailbox('Work/Clients'),
      serverMailbox('Trash', 'trash'),
    ]);
    const byPath = (path: string) => mailboxes.find((mailbox) => mailbox.path === path)!;
    [inbox, sent, work] = [byPath('INBOX'), byPath('Sent'), byPath('Work')];
    // The UI thread reads on its own connection, as in the app.
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
  const list = (view: ListView, offset = 0, limit = 50) => reader.list(view, offset, limit);
  const subjects = (view: ListView, offset = 0, limit = 50) => list(view, offset, limit).rows.map((row) => row.subject);

  it('lists folders by account: Inbox, the other roles, then the rest by path, with counts', () => {
    writer.saveHeaders(inbox.id, [header(1), header(2, { flags: ['\\Seen'] }), header(3)]);
    hide(idOf(inbox.id, 3));
    const other = store.addAccount('carol@harbor.test');
    writer.syncMailboxes(other, [serverMailbox('INBOX', 'inbox')]);

    expect(
      reader
        .folders()
        .map(({ accountId, path, depth, role, unread, total }) => [accountId, path, depth, role, unread, total]),
    ).toEqual([
      [store.accountId, 'INBOX', 0, 'inbox', 1, 2],
      [store.accountId, 'Sent', 0, 'sent', 0, 0],
      [store.accountId, 'Archive', 0, 'archive', 0, 0],
      [store.accountId, 'Trash', 0, 'trash', 0, 0],
      [store.accountId, 'Work', 0, null, 0, 0],
      [store.accountId, 'Work/Clients', 1, null, 0, 0],
      [other, 'INBOX', 0, 'inbox', 0, 0],
    ]);
  });

  it("lists Gmail's role folders at the top and leaves out the empty [Gmail] container they sit in", () => {
    const gmail = store.addAccount('dana@gmail.harbor.test');
    writer.syncMailboxes(gmail, [
      serverMailbox('INBOX', 'inbox'),
      { ...serverMailbox('[Gmail]'), selectable: false },
      serverMailbox('[Gmail]/All Mail', 'all'),
      serverMailbox('[Gmail]/Sent Mail', 'sent'),
      { ...serverMailbox('Projects'), selectable: false },
      serverMailbox('Projects/Harbour'),
      serverMailbox('Work'),
    ]);
    expect(
      reader
        .folders()
        .filter((folder) => folder.accountId === gmail)
        .map(({ path, depth }) => [path, depth]),
    ).toEqual([
      ['INBOX', 0],
      ['[Gmail]/Sent Mail', 0],
      ['[Gmail]/All Mail', 0],
      ['Projects', 0],
      ['Projects/Harbour', 1],
      ['Work', 0],
    ]);
  });

  it('pages a folder newest first, leaving hidden messages out', () => {
    writer.saveHeaders(
      inbox.id,
      Array.from({ length: 30 }, (_, i) => header(i + 1, { subject: `S${i + 1}`, date: at(30 - i) })),
    );
    hide(idOf(inbox.id, 1));
    const view: ListView = { kind: 'folder', folderId: inbox.id };

    const first = list(view, 0, 5);
    expect(first.total).toBe(29);
    expect(first.rows.map((row) => row.subject)).toEqual(['S2', 'S3', 'S4', 'S5', 'S6']);
    expect(subjects(view, 25, 10)).toEqual(['S27', 'S28', 'S29', 'S30']);
    expect(first.rows[0]).toMatchObject({
      accountId: store.accountId,
      folderId: inbox.id,
      threadCount: 1,
      from: { name: 'Bob Example', address: 'bob@example.test' },
      date: at(29),
      unread: true,
      flagged: false,
      hasAttachments: false,
    });
  });

  it('gives each row its first five recipients, for Sent and Drafts to show', () => {
    const many = Array.from({ length: 7 }, (_, n) => ({ name: `Crew ${n}`, address: `crew${n}@harbor.test` }));
    writer.saveHeaders(sent.id, [
      header(1, { subject: 'to bob', to: [{ name: 'Bob Example', address: 'bob@example.test' }] }),
      header(2, { subject: 'to the crew', to: many }),
    ]);
    const rows = list({ kind: 'folder', folderId: sent.id }).rows;
    expect(rows.find((row) => row.subject === 'to bob')?.to).toEqual([
      { name: 'Bob Example', address: 'bob@example.test' },
    ]);
    expect(rows.find((row) => row.subject === 'to the crew')?.to).toEqual(many.slice(0, 5));
  });

  it('merges every account’s Inbox, newest first, in the unified inbox', () => {
    const other = store.addAccount('carol@harbor.test');
    const otherInbox = writer.syncMailboxes(other, [serverMailbox('INBOX', 'inbox')])[0]!;
    writer.saveHeaders(inbox.id, [
      header(1, { subject: 'a1', date: at(1) }),
      header(2, { subject: 'a3', date: at(3) }),
    ]);
    writer.saveHeaders(otherInbox.id, [header(1, { subject: 'c2', date: at(2) })]);
    writer.saveHeaders(sent.id, [header(1, { subject: 'sent', date: at(4) })]);

    const page = list({ kind: 'unified-inbox' });
    expect(page.total).toBe(3);
    expect(page.rows.map((row) => [row.subject, row.accountId])).toEqual([
      ['a3', store.accountId],
      ['c2', other],
      ['a1', store.accountId],
    ]);
  });

  it('opens a stored message with its body, attachments and inline images (images only)', () => {
    writer.saveHeaders(inbox.id, [
      header(1, { cc: [{ name: 'Dan', address: 'dan@x.test' }], replyTo: [{ name: '', address: 'r@x.test' }] }),
    ]);
    const id = idOf(inbox.id, 1);
    expect(reader.hasBody(id)).toBe(false);
    expect(reader.message(id)).toBeNull();

    const inline = { inline: true, part: null, size: 3 };
    writer.saveBody(inbox.id, 1, {
      text: 'Hi',
      html: '<p>Hi <img src="cid:logo@x"></p>',
      snippet: 'Hi',
      references: [],
      attachments: [
        {
          ...inline,
          filename: '',
          contentType: 'image/png',
          contentId: '<logo@x>',
          content: new Uint8Array([1, 2, 3]),
        },
        { ...inline, filename: '', contentType: 'text/html', contentId: 'page@x', content: new Uint8Array([60, 98]) },
        { ...inline, filename: '', contentType: 'image/png;x=1', contentId: 'odd@x', content: new Uint8Array([1]) },
        {
          ...inline,
          filename: 'photo.jpg',
          contentType: 'image/jpeg',
          contentId: 'photo@x',
          content: new Uint8Array([9]),
        },
        {
          filename: 'plan.pdf',
          contentType: 'application/pdf',
          size: 1234,
          contentId: null,
          inline: false,
          part: '2',
          content: null,
        },
      ],
    });

    expect(reader.hasBody(id)).toBe(true);
    const detail = reader.message(id)!;
    expect(detail).toMatchObject({
      id,
      accountId: store.accountId,
      folderId: inbox.id,
      to: [{ name: 'Alice', address: 'alice@harbor.test' }],
      cc: [{ name: 'Dan', address: 'dan@x.test' }],
      replyTo: [{ name: '', address: 'r@x.test' }],
      subject: 'Message 1',
      messageIdHeader: 'm1@harbor.test',
      unread: true,
      html: '<p>Hi <img src="cid:logo@x"></p>',
      text: 'Hi',
      remoteContentAllowed: false,
    });
    expect(detail.inlineImages).toEqual({
      'logo@x': 'data:image/png;base64,AQID',
      'photo@x': 'data:image/jpeg;base64,CQ==',
    });
    expect(detail.attachments.map(({ filename, contentType, size }) => [filename, contentType, size])).toEqual([
      ['photo.jpg', 'image/jpeg', 3],
      ['plan.pdf', 'application/pdf', 1234],
    ]);
    expect(reader.message(999)).toBeNull();
    expect(reader.hasBody(999)).toBe(false);
  });

  it('remembers senders whose remote content is allowed, per account', () => {
    writer.saveHeaders(inbox.id, [header(1)]);
    writer.saveBody(inbox.id, 1, { text: 'x', html: null, snippet: 'x', references: [], attachments: [] });
    const id = idOf(inbox.id, 1);
    reader.allowRemoteContent(store.accountId, 'Bob@Example.test');
    reader.allowRemoteContent(store.accountId, 'bob@example.test');
    expect(reader.message(id)!.remoteContentAllowed).toBe(true);
    const other = store.addAccount('carol@harbor.test');
    reader.allowRemoteContent(other, 'eve@x.test');
    expect(readerDb.prepare('SELECT count(*) FROM remote_content_senders').pluck().get()).toBe(2);
  });

  it('shows a conversation across folders, oldest first, without hidden messages', () => {
    writer.saveHeaders(inbox.id, [
      header(1, { messageId: 'a@x', subject: 'Plan', date: at(1) }),
      header(2, { messageId: 'c@x', inReplyTo: 'b@x', references: ['a@x', 'b@x'], subject: 'Re: Plan', date: at(3) }),
      header(3, { messageId: 'z@x', subject: 'Unrelated', date: at(2) }),
    ]);
    writer.saveHeaders(sent.id, [header(1, { messageId: 'b@x', inReplyTo: 'a@x', references: ['a@x'], date: at(2) })]);
    writer.saveHeaders(work.id, [header(1, { messageId: 'd@x', inReplyTo: 'c@x', references: ['c@x'], date: at(4) })]);
    hide(idOf(work.id, 1));

    const row = list({ kind: 'folder', folderId: inbox.id }).rows.find((each) => each.subject === 'Plan')!;
    expect(row.threadCount).toBe(4);
    const conversation = reader.conversation(store.accountId, row.threadId);
    expect(conversation.messages.map((message) => [message.folderId, message.date])).toEqual([
      [inbox.id, at(1)],
      [sent.id, at(2)],
      [inbox.id, at(3)],
    ]);
    expect(reader.conversation('someone:else@x', row.threadId).messages).toEqual([]);
  });

  it('returns rows for given ids, newest first, without hidden or unknown ones', () => {
    writer.saveHeaders(inbox.id, [header(1, { date: at(1) }), header(2, { date: at(2) }), header(3, { date: at(3) })]);
    hide(idOf(inbox.id, 3));
    expect(reader.rows([idOf(inbox.id, 1), idOf(inbox.id, 2), idOf(inbox.id, 3), 42]).map((row) => row.id)).toEqual([
      idOf(inbox.id, 2),
      idOf(inbox.id, 1),
    ]);
  });

  describe('search', () => {
    let other: string;
    beforeEach(() => {
      other = store.addAccount('carol@harbor.test');
      const otherInbox = writer.syncMailboxes(other, [serverMailbox('INBOX', 'inbox')])[0]!;
      writer.saveHeaders(inbox.id, [
        header(1, {
          subject: 'Quarterly budget review',
          from: { name: 'Zoë Keller', address: 'zoe@finance.test' },
          date: at(1),
          flags: ['\\Seen'],
        }),
        header(2, {
          subject: 'Lunch on Friday',
          from: { name: 'Bob', address: 'bob@example.test' },
          to: [{ name: 'Budget Team', address: 'team@finance.test' }],
          date: at(2),
          flags: ['\\Flagged'],
        }),
        header(3, { subject: 'Holiday photos', date: at(3), hasAttachments: true, flags: ['\\Seen'] }),
        header(4, { subject: 'Budget draft', date: at(4) }),
      ]);
      writer.saveBody(inbox.id, 3, {
        text: 'The photos from the café in Zürich, and the budget we spent.',
        html: null,
        snippet: '',
        references: [],
        attachments: [
          {
            filename: 'a.jpg',
            contentType: 'image/jpeg',
            size: 1,
            contentId: null,
            inline: false,
            part: '2',
            content: null,
          },
        ],
      });
      writer.saveHeaders(work.id, [header(1, { subject: 'Budget for clients', date: at(5) })]);
      writer.saveHeaders(otherInbox.id, [header(1, { subject: 'Budget at Carol’s', date: at(6) })]);
    });
    const search = (query: string, scope: { accountId?: string; folderId?: number } = {}) =>
      subjects({ kind: 'search', query, ...scope });

    it('finds every word, in subject, addresses and body, newest first', () => {
      expect(search('budget ')).toEqual([
        'Budget at Carol’s',
        'Budget for clients',
        'Budget draft',
        'Holiday photos',
        'Lunch on Friday',
        'Quarterly budget review',
      ]);
      expect(search('budget photos')).toEqual(['Holiday photos']);
      expect(search('cafe zurich')).toEqual(['Holiday photos']);
      expect(list({ kind: 'search', query: 'budget ' }, 1, 2)).toMatchObject({ total: 6, offset: 1 });
      expect(subjects({ kind: 'search', query: 'budget ' }, 1, 2)).toEqual(['Budget for clients', 'Budget draft']);
    });

    it('matches the last word as a prefix while typing, and phrases exactly', () => {
      expect(search('quart')).toEqual(['Quarterly budget review']);
      expect(search('quart ')).toEqual([]);
      expect(search('"budget review"')).toEqual(['Quarterly budget review']);
      expect(search('"review budget"')).toEqual([]);
    });

    it('searches one field with from:, to: and subject:', () => {
      expect(search('from:zoe@finance.test')).toEqual(['Quarterly budget review']);
      expect(search('from:keller')).toEqual(['Quarterly budget review']);
      expect(search('to:budget ')).toEqual(['Lunch on Friday']);
      expect(search('subject:budget ')).toEqual([
        'Budget at Carol’s',
        'Budget for clients',
        'Budget draft',
        'Quarterly budget review',
      ]);
    });

    it('filters with has:attachment, is:unread and is:starred, with or without words', () => {
      expect(search('budget has:attachment')).toEqual(['Holiday photos']);
      expect(search('budget is:unread')).toEqual([
        'Budget at Carol’s',
        'Budget for clients',
        'Budget draft',
        'Lunch on Friday',
      ]);
      expect(search('is:starred')).toEqual(['Lunch on Friday']);
      expect(list({ kind: 'search', query: 'is:unread budget' }).total).toBe(4);
    });

    it('limits to an account or a folder, and leaves hidden messages out', () => {
      expect(search('budget ', { accountId: other })).toEqual(['Budget at Carol’s']);
      expect(search('budget ', { folderId: work.id })).toEqual(['Budget for clients']);
      hide(idOf(inbox.id, 4));
      expect(search('budget ')).not.toContain('Budget draft');
      expect(list({ kind: 'search', query: 'budget ' }).total).toBe(5);
      expect(list({ kind: 'search', query: 'budget ', accountId: store.accountId }).total).toBe(4);
    });

    it('returns nothing, and no error, for an empty or hostile query', () => {
      expect(list({ kind: 'search', query: '' })).toEqual({ total: 0, offset: 0, rows: [] });
      for (const query of ['"', 'NEAR(', '*', '-', ':', '^', 'from:', 'a OR', '(budget']) {
        expect(() => list({ kind: 'search', query }), query).not.toThrow();
      }
      expect(search('(budget')).toHaveLength(6);
    });

    it('counts matches up to a bound past the page, exactly below it', () => {
      writer.saveHeaders(
        sent.id,
        Array.from({ length: 1200 }, (_, i) => header(i + 1, { subject: `Weekly report ${i}` })),
      );
      expect(list({ kind: 'search', query: 'weekly' }, 0, 50).total).toBe(50 + countAhead);
      expect(list({ kind: 'search', query: 'weekly' }, 150, 50).total).toBe(1200);
      expect(list({ kind: 'search', query: 'weekly report 7 ' }, 0, 50).total).toBe(1);
    });

    it('forgets removed messages', () => {
      writer.removeUids(inbox.id, [3]);
      expect(search('photos')).toEqual([]);
      writer.resetMailbox(work.id, 99);
      expect(search('clients')).toEqual([]);
    });
  });
});
