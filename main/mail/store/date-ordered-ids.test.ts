import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secondBase } from './date-ordered-ids';
import type { MailWriter, StoredMailbox } from './mail-store-types';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from './mail-store.test-support';

describe('date-ordered message ids', () => {
  let store: TestStore;
  let writer: MailWriter;
  let inbox: StoredMailbox;
  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    inbox = writer.syncMailboxes(store.accountId, standardMailboxes)[1]!;
  });
  afterEach(() => store.close());

  const ids = () =>
    store.db.prepare('SELECT uid, id FROM messages ORDER BY uid').all() as { uid: number; id: number }[];

  it('orders ids like dates whatever order messages arrive in', () => {
    const date = Date.UTC(2024, 2, 3, 4, 5, 6);
    // Newest first, as the sync fills a folder; two in the same second; one without a date.
    writer.saveHeaders(inbox.id, [
      header(4, { date: date + 60_000 }),
      header(3, { date: date + 500 }),
      header(2, { date }),
      header(1, { date: date - 60_000 }),
      header(5, { date: null }),
    ]);
    const byUid = Object.fromEntries(ids().map(({ uid, id }) => [uid, id]));
    // Newest first: the newest message has the smallest id; no date counts as the oldest.
    expect(byUid[4]! < byUid[3]! && byUid[3]! < byUid[1]! && byUid[1]! < byUid[5]!).toBe(true);
    expect(byUid[2]).toBe(byUid[3]! + 1);
    expect(byUid[3]! - (byUid[3]! % 2 ** 20)).toBe(secondBase(date));
    expect(byUid[5]).toBe(secondBase(null) + 1);
  });

  it('keeps every id a safe, positive integer', () => {
    expect(secondBase(-5_000)).toBe(secondBase(null));
    expect(Number.isSafeInteger(secondBase(null) + 2 ** 20 - 1)).toBe(true);
    expect(secondBase(Date.UTC(9999, 0, 1))).toBe(0);
  });
});
