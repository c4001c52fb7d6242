import type { Db } from '../../store/database';
import { setFlag } from './flag-list';
import { createPendingActionQueue } from './pending-action-queue';
import type { PendingAction } from './pending-action';

// While a flag change waits for the server (offline, or queued behind others), the server still
// reports the old flags. The sync engine passes what it learnt through here before storing it, so
// the user's change is not reverted; once the action ran, the server agrees and nothing is changed.

export type PendingFlagOverrides = <T extends { uid: number; flags: string[] }>(mailboxId: number, records: T[]) => T[];

/**
 * Gives `records` (headers or flag changes of one folder) \Seen and \Flagged as the user last set
 * them. The queue's statements are prepared once: this runs on every batch the sync stores.
 */
export function pendingFlagOverrides(db: Db): PendingFlagOverrides {
  const queue = createPendingActionQueue(db);
  return (mailboxId, records) => withOverrides(queue.flagChanges(mailboxId), records);
}

function withOverrides<T extends { uid: number; flags: string[] }>(pending: PendingAction[], records: T[]): T[] {
  const overrides = new Map<number, { seen?: boolean; flagged?: boolean }>();
  for (const action of pending) {
    if (action.kind !== 'flags') continue;
    const { seen, flagged } = action.payload;
    for (const uid of action.payload.uids) {
      const earlier = overrides.get(uid) ?? {};
      overrides.set(uid, { seen: seen ?? earlier.seen, flagged: flagged ?? earlier.flagged });
    }
  }
  if (overrides.size === 0) return records;
  return records.map((record) => {
    const override = overrides.get(record.uid);
    if (!override) return record;
    let flags = record.flags;
    if (override.seen !== undefined) flags = setFlag(flags, '\\Seen', override.seen);
    if (override.flagged !== undefined) flags = setFlag(flags, '\\Flagged', override.flagged);
    return { ...record, flags };
  });
}
