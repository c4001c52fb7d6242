import type { Db } from '../store/database';
import { redactSecrets } from './redact-secrets';

export type ActivityKind =
  | 'sign-in'
  | 'refresh'
  | 'refresh-failed'
  | 'sign-in-required'
  | 'revoked'
  | 'revocation-pending'
  | 'revocation-unsupported'
  | 'sign-out'
  | 'removed-without-revoking'
  | 'send'
  | 'sent-copy-pending'
  | 'error';

export interface ActivityEntry {
  id: number;
  /** Epoch milliseconds. */
  at: number;
  accountId: string | null;
  kind: ActivityKind;
  detail: string;
}

export type ActivityListener = (entry: ActivityEntry) => void;

export interface ActivityLog {
  /** Stores an entry; anything in `detail` that looks like a secret is redacted first. */
  record(accountId: string | null, kind: ActivityKind, detail: string): ActivityEntry;
  /** The account's entries, newest first. */
  list(accountId: string, limit: number): ActivityEntry[];
  /** Every entry, newest first, including those of accounts that have been signed out. */
  listRecent(limit: number): ActivityEntry[];
  onRecord(listener: ActivityListener): () => void;
}

interface ActivityRow {
  id: number;
  at: number;
  account_id: string | null;
  kind: ActivityKind;
  detail: string;
}

const fromRow = (row: ActivityRow): ActivityEntry => ({
  id: row.id,
  at: row.at,
  accountId: row.account_id,
  kind: row.kind,
  detail: row.detail,
});

export function createActivityLog(db: Db, options: { now?: () => number } = {}): ActivityLog {
  const now = options.now ?? Date.now;
  const listeners = new Set<ActivityListener>();
  const insert = db.prepare('INSERT INTO activity (at, account_id, kind, detail) VALUES (?, ?, ?, ?)');
  const selectForAccount = db.prepare<[string, number], ActivityRow>(
    'SELECT * FROM activity WHERE account_id = ? ORDER BY id DESC LIMIT ?',
  );
  const selectRecent = db.prepare<[number], ActivityRow>('SELECT * FROM activity ORDER BY id DESC LIMIT ?');

  return {
    record(accountId, kind, detail) {
      const at = now();
      const safeDetail = redactSecrets(detail);
      const { lastInsertRowid } = insert.run(at, accountId, kind, safeDetail);
      const entry: ActivityEntry = { id: Number(lastInsertRowid), at, accountId, kind, detail: safeDetail };
      for (const listener of listeners) listener(entry);
      return entry;
    },
    list: (accountId, limit) => selectForAccount.all(accountId, limit).map(fromRow),
    listRecent: (limit) => selectRecent.all(limit).map(fromRow),
    onRecord(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
