import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../store/mail-store.test-support';
import { createPendingActionQueue, type PendingActionQueue } from './pending-action-queue';

describe('the pending action queue', () => {
  let store: TestStore;
  let queue: PendingActionQueue;
  const flags = {
    kind: 'flags' as const,
    payload: { mailboxId: 1, path: 'INBOX', uidValidity: 7, uids: [3], seen: true, previous: [] },
  };

  beforeEach(() => {
    store = openTestStore();
    queue = createPendingActionQueue(store.db);
  });
  afterEach(() => store.close());

  it('keeps actions in order and backs off each failed attempt, doubling up to five minutes', () => {
    const first = queue.add(store.accountId, flags, 100);
    const second = queue.add(store.accountId, { ...flags, payload: { ...flags.payload, uids: [4] } }, 200);
    expect(queue.list(store.accountId).map((action) => action.id)).toEqual([first, second]);
    expect(queue.nextAttemptAt(store.accountId)).toBeNull();

    const delays: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      queue.postpone(first, 'Nothing answers at 127.0.0.1:993.', 1_000);
      delays.push((queue.get(first)?.nextAttemptAt ?? 0) - 1_000);
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]);
    expect(queue.get(first)).toMatchObject({ attempts: 10, lastError: 'Nothing answers at 127.0.0.1:993.' });
    expect(queue.nextAttemptAt(store.accountId)).toBe(301_000);
  });

  it('drops a row it cannot read rather than replaying something it does not understand', () => {
    store.db
      .prepare(
        "INSERT INTO pending_actions (account_id, kind, payload, created_at) VALUES (?, 'flags', '{\"uids\":[]}', 1)",
      )
      .run(store.accountId);
    store.db
      .prepare("INSERT INTO pending_actions (account_id, kind, payload, created_at) VALUES (?, 'label', '{}', 1)")
      .run(store.accountId);
    const kept = queue.add(store.accountId, flags, 2);
    expect(queue.list(store.accountId).map((action) => action.id)).toEqual([kept]);
    expect(store.db.prepare('SELECT COUNT(*) FROM pending_actions').pluck().get()).toBe(1);
  });

  it('finds the pending flag changes of one folder', () => {
    queue.add(store.accountId, flags, 1);
    queue.add(store.accountId, { ...flags, payload: { ...flags.payload, mailboxId: 2 } }, 2);
    expect(queue.flagChanges(1).map((action) => action.payload.mailboxId)).toEqual([1]);
  });
});
