import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subjectKey } from './conversation-threading';
import type { MailWriter, StoredMailbox } from './mail-store-types';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from './mail-store.test-support';

describe('subjectKey', () => {
  it.each([
    ['Re: Lunch', 'lunch'],
    ['RE: re:  Fwd: Lunch ', 'lunch'],
    ['AW: SV: Lunch', 'lunch'],
    ['Re[2]: Lunch', 'lunch'],
    ['Fw: Lunch   plans', 'lunch plans'],
    ['Return of the lunch', 'return of the lunch'],
    ['Re:', ''],
  ])('%j -> %j', (subject, key) => expect(subjectKey(subject)).toBe(key));
});

describe('conversations', () => {
  let store: TestStore;
  let writer: MailWriter;
  let inbox: StoredMailbox;
  let sent: StoredMailbox;
  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    const mailboxes = writer.syncMailboxes(store.accountId, standardMailboxes);
    inbox = mailboxes.find((mailbox) => mailbox.role === 'inbox')!;
    sent = mailboxes.find((mailbox) => mailbox.role === 'sent')!;
  });
  afterEach(() => store.close());

  const threadOf = (mailboxId: number, uid: number): number =>
    store.db
      .prepare('SELECT thread_id FROM messages WHERE mailbox_id = ? AND uid = ?')
      .pluck()
      .get(mailboxId, uid) as number;
  const threadSizes = (): Record<number, number> =>
    Object.fromEntries(
      (
        store.db.prepare('SELECT id, message_count FROM threads ORDER BY id').all() as {
          id: number;
          message_count: number;
        }[]
      ).map((row) => [row.id, row.message_count]),
    );

  it('puts a reply stored in Sent into the thread of the Inbox message it answers', () => {
    writer.saveHeaders(inbox.id, [header(1, { messageId: 'a@x', subject: 'Lunch' })]);
    writer.saveHeaders(sent.id, [
      header(1, { messageId: 'b@x', inReplyTo: 'a@x', references: ['a@x'], subject: 'Re: Lunch' }),
    ]);
    expect(threadOf(sent.id, 1)).toBe(threadOf(inbox.id, 1));
    expect(threadSizes()).toEqual({ [threadOf(inbox.id, 1)]: 2 });
  });

  it('joins an original that arrives after a reply referencing it', () => {
    writer.saveHeaders(inbox.id, [header(2, { messageId: 'b@x', inReplyTo: 'a@x', references: ['a@x'] })]);
    writer.saveHeaders(sent.id, [header(1, { messageId: 'a@x', subject: 'Something else' })]);
    expect(threadOf(sent.id, 1)).toBe(threadOf(inbox.id, 2));
  });

  it('merges two conversations when a message links them, keeping the counts right', () => {
    writer.saveHeaders(inbox.id, [
      header(1, { messageId: 'a@x', subject: 'Plan' }),
      header(2, { messageId: 'a2@x', inReplyTo: 'a@x', references: ['a@x'], subject: 'Re: Plan' }),
      header(3, { messageId: 'c@x', subject: 'Budget' }),
    ]);
    const first = threadOf(inbox.id, 1);
    const second = threadOf(inbox.id, 3);
    expect(first).not.toBe(second);

    writer.saveHeaders(sent.id, [header(1, { messageId: 'd@x', inReplyTo: 'c@x', references: ['a@x', 'c@x'] })]);
    for (const [mailbox, uid] of [
      [inbox.id, 2],
      [inbox.id, 3],
      [sent.id, 1],
    ] as const)
      expect(threadOf(mailbox, uid)).toBe(first);
    expect(threadSizes()).toEqual({ [first]: 4 });

    writer.removeUids(inbox.id, [1]);
    expect(threadSizes()).toEqual({ [first]: 3 });
  });

  it('widens a conversation with the references a body brings', () => {
    writer.saveHeaders(inbox.id, [header(1, { messageId: 'a@x', subject: 'Hello' })]);
    // The envelope knew no references; the full header does.
    writer.saveHeaders(inbox.id, [header(2, { messageId: 'b@x', subject: 'Other' })]);
    writer.saveBody(inbox.id, 2, { text: 't', html: null, snippet: 't', references: ['a@x'], attachments: [] });
    expect(threadOf(inbox.id, 2)).toBe(threadOf(inbox.id, 1));
    expect(Object.values(threadSizes())).toEqual([2]);
  });

  it('falls back on the subject only for replies whose references are all unknown', () => {
    writer.saveHeaders(inbox.id, [
      header(1, { messageId: 'a@x', subject: 'Hello' }),
      header(2, { messageId: 'b@x', subject: 'Hello' }),
      header(3, { messageId: 'c@x', subject: 'Trip to Oslo' }),
      header(4, { messageId: 'd@x', inReplyTo: 'missing@x', references: ['missing@x'], subject: 'Re: Trip to Oslo' }),
      header(5, { messageId: 'e@x', inReplyTo: 'gone@x', subject: 'Re: Nothing like it' }),
    ]);
    // Two unrelated "Hello" mails stay apart; the reply to a message we never stored joins by subject.
    expect(threadOf(inbox.id, 2)).not.toBe(threadOf(inbox.id, 1));
    expect(threadOf(inbox.id, 4)).toBe(threadOf(inbox.id, 3));
    expect(new Set([1, 2, 3, 5].map((uid) => threadOf(inbox.id, uid))).size).toBe(4);
  });

  it('keeps conversations of different accounts apart', () => {
    const other = store.addAccount('carol@harbor.test');
    const otherInbox = writer.syncMailboxes(other, standardMailboxes).find((mailbox) => mailbox.role === 'inbox')!;
    writer.saveHeaders(inbox.id, [header(1, { messageId: 'a@x' })]);
    writer.saveHeaders(otherInbox.id, [header(1, { messageId: 'b@x', inReplyTo: 'a@x', references: ['a@x'] })]);
    expect(threadOf(otherInbox.id, 1)).not.toBe(threadOf(inbox.id, 1));
  });
});
