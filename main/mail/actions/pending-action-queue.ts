import type { Db } from '../../store/database';
import { parseActionBody, type ActionBody, type PendingAction } from './pending-action';
import { retryDelayMs } from './retry-backoff';

// The durable queue of server changes the user made locally (table pending_actions): they survive
// a restart and are replayed oldest first.

interface ActionRow {
  id: number;
  account_id: string;
  kind: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
}

export interface PendingActionQueue {
  add(accountId: string, body: ActionBody, now: number): number;
  get(id: number): PendingAction | undefined;
  /** Every readable pending action of the account, oldest first; unreadable rows are removed. */
  list(accountId: string): PendingAction[];
  /** Every pending flag change of a folder, oldest first. */
  flagChanges(mailboxId: number): PendingAction[];
  remove(id: number): void;
  /** A failed attempt: count it and set when the next one is due. */
  postpone(id: number, reason: string, now: number): void;
  /** When the account's earliest postponed action is due, if any. */
  nextAttemptAt(accountId: string): number | null;
}

export function createPendingActionQueue(db: Db): PendingActionQueue {
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO pending_actions (account_id, kind, payload, created_at, attempts) VALUES (?, ?, ?, ?, 0)',
  );
  const byId = db.prepare<[number], ActionRow>('SELECT * FROM pending_actions WHERE id = ?');
  const byAccount = db.prepare<[string], ActionRow>('SELECT * FROM pending_actions WHERE account_id = ? ORDER BY id');
  const flagRows = db.prepare<[number], ActionRow>(
    "SELECT * FROM pending_actions WHERE kind = 'flags' AND json_extract(payload, '$.mailboxId') = ? ORDER BY id",
  );
  const deleteRow = db.prepare<[number]>('DELETE FROM pending_actions WHERE id = ?');
  const postponeRow = db.prepare<[string, number, number]>(
    'UPDATE pending_actions SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?',
  );
  const attemptsOf = db.prepare<[number], number>('SELECT attempts FROM pending_actions WHERE id = ?').pluck();
  const earliest = db
    .prepare<[string], number | null>('SELECT MIN(next_attempt_at) FROM pending_actions WHERE account_id = ?')
    .pluck();

  const read = (row: ActionRow): PendingAction | undefined => {
    const body = parseActionBody(row.kind, row.payload);
    if (!body) {
      deleteRow.run(row.id);
      return undefined;
    }
    return {
      ...body,
      id: row.id,
      accountId: row.account_id,
      createdAt: row.created_at,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
    };
  };
  const readAll = (rows: ActionRow[]) => rows.map(read).filter((action) => action !== undefined);

  return {
    add: (accountId, body, now) =>
      Number(insert.run(accountId, body.kind, JSON.stringify(body.payload), now).lastInsertRowid),
    get: (id) => {
      const row = byId.get(id);
      return row && read(row);
    },
    list: (accountId) => readAll(byAccount.all(accountId)),
    flagChanges: (mailboxId) => readAll(flagRows.all(mailboxId)),
    remove: (id) => void deleteRow.run(id),
    postpone: (id, reason, now) => {
      const attempts = (attemptsOf.get(id) ?? 0) + 1;
      postponeRow.run(reason, now + retryDelayMs(attempts), id);
    },
    nextAttemptAt: (accountId) => earliest.get(accountId) ?? null,
  };
}
