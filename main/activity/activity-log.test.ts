import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { createActivityLog, type ActivityEntry } from './activity-log';

describe('activity log', () => {
  it('lists an account’s entries newest first, up to a limit', () => {
    let time = 100;
    const activity = createActivityLog(openDatabase(':memory:'), { now: () => time++ });
    activity.record('sandbox:alice@harbor.test', 'sign-in', 'Signed in.');
    activity.record('sandbox:bob@harbor.test', 'sign-in', 'Signed in.');
    activity.record('sandbox:alice@harbor.test', 'refresh', 'Access renewed.');
    activity.record('sandbox:alice@harbor.test', 'send', 'Sent one message.');

    expect(activity.list('sandbox:alice@harbor.test', 2)).toEqual([
      { id: 4, at: 103, accountId: 'sandbox:alice@harbor.test', kind: 'send', detail: 'Sent one message.' },
      { id: 3, at: 102, accountId: 'sandbox:alice@harbor.test', kind: 'refresh', detail: 'Access renewed.' },
    ]);
    expect(activity.listRecent(10)).toHaveLength(4);
  });

  it('redacts secrets before storing and before telling listeners', () => {
    const activity = createActivityLog(openDatabase(':memory:'));
    const heard: ActivityEntry[] = [];
    const unsubscribe = activity.onRecord((entry) => heard.push(entry));
    const leaked = 'Refresh failed: refresh_token=8xY2kQ9pLmN4vR7tZ1wB3cD5eF6gH0jK from Authorization: Bearer abc.def';
    const entry = activity.record(null, 'error', leaked);

    expect(entry.detail).toBe('Refresh failed: refresh_token=[redacted] from Authorization: Bearer [redacted]');
    expect(activity.listRecent(1)[0]?.detail).toBe(entry.detail);
    expect(heard).toEqual([entry]);

    unsubscribe();
    activity.record(null, 'error', 'after unsubscribing');
    expect(heard).toHaveLength(1);
  });
});
