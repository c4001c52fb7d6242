import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BodyRecord, MailWriter, StoredMailbox } from '../store/mail-store-types';
import { createMailWriter } from '../store/mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from '../store/mail-store.test-support';
import { createBodySaver } from './body-saver';

const body = (text: string): BodyRecord => ({ text, html: null, snippet: text, references: [], attachments: [] });

describe('the body saver', () => {
  let store: TestStore;
  let writer: MailWriter;
  let inbox: StoredMailbox;
  let transactions: number;
  beforeEach(() => {
    store = openTestStore();
    const real = createMailWriter(store.db);
    transactions = 0;
    writer = {
      ...real,
      saveBodies(mailboxId, bodies) {
        transactions++;
        real.saveBodies(mailboxId, bodies);
      },
    };
    inbox = writer.syncMailboxes(store.accountId, standardMailboxes).find((mailbox) => mailbox.role === 'inbox')!;
    writer.saveHeaders(inbox.id, [header(1), header(2), header(3), header(4), header(5)]);
  });
  afterEach(() => store.close());

  const searchHits = (word: string) =>
    store.db.prepare('SELECT count(*) FROM message_search WHERE message_search MATCH ?').pluck().get(word);

  it('stores bodies a chunk per transaction, the rest on flush, and drops expunged UIDs', () => {
    const saver = createBodySaver(writer, inbox.id, 2, () => undefined);
    saver.add(5, body('first kumquat'));
    expect(transactions).toBe(0);
    saver.add(4, body('second kumquat'));
    expect(transactions).toBe(1);
    expect(writer.uidsWithoutBody(inbox.id, 10)).toEqual([3, 2, 1]);
    saver.add(3, body('third kumquat'));
    saver.add(99, body('gone'));
    saver.add(1, body('fourth kumquat'));
    saver.flush();
    saver.flush();
    expect(transactions).toBe(3);
    expect(writer.uidsWithoutBody(inbox.id, 10)).toEqual([2]);
    expect(searchHits('kumquat')).toBe(4);
    expect(store.db.prepare('SELECT count(*) FROM bodies').pluck().get()).toBe(4);
  });

  it('reports the UIDs of a chunk the store refused', () => {
    const failed: number[] = [];
    const refusing: MailWriter = {
      ...writer,
      saveBodies() {
        throw new Error('disk full');
      },
    };
    const saver = createBodySaver(refusing, inbox.id, 2, (uids) => failed.push(...uids));
    saver.add(5, body('a'));
    saver.add(4, body('b'));
    saver.add(3, body('c'));
    saver.flush();
    expect(failed).toEqual([5, 4, 3]);
    expect(writer.uidsWithoutBody(inbox.id, 10)).toEqual([5, 4, 3, 2, 1]);
  });
});
