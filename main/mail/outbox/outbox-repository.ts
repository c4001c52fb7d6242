import type { OutboxError, OutboxItem, OutboxState } from '../../../shared/compose-models';
import type { Address, ServerCertificate } from '../../../shared/mail-models';
import { writeTransaction, type Db } from '../../store/database';
import { readonlyDb, type ReadonlyDb } from '../../store/readonly-db';

export interface QueuedMessage {
  accountId: string;
  /** null for a message built without a draft (an answer to an invitation). */
  draftId: number | null;
  messageId: string;
  envelope: { from: string; to: string[] };
  raw: Uint8Array;
  subject: string;
  to: Address[];
  sendAt: number;
}

export interface OutboxRecord extends OutboxItem {
  draftId: number | null;
  messageId: string;
}

/** A sent message whose copy in Sent is still owed. */
export interface OwedSentCopy {
  id: number;
  accountId: string;
  messageId: string;
  dueAt: number;
  /** Tries so far, this one not counted. */
  attempts: number;
}

interface OutboxRow {
  id: number;
  account_id: string;
  draft_id: number | null;
  message_id: string;
  subject: string;
  to_json: string;
  state: OutboxState;
  send_at: number;
  next_attempt_at: number | null;
  attempts: number;
  error_json: string | null;
  size: number;
  created_at: number;
  sent_at: number | null;
  sent_copy_due: number | null;
  sent_copy_error: string | null;
}

const columns = `id, account_id, draft_id, message_id, subject, to_json, state, send_at, next_attempt_at, attempts,
  error_json, length(raw) AS size, created_at, sent_at, sent_copy_due, sent_copy_error`;

/** error_json holds the error and, for a refused certificate, the certificate (no column of its own). */
type StoredError = OutboxError & { certificate?: ServerCertificate };

const errorAndCertificate = (json: string | null) => {
  if (!json) return { error: null };
  const { certificate, ...error } = JSON.parse(json) as StoredError;
  return certificate ? { error, certificate } : { error };
};

const toRecord = (row: OutboxRow): OutboxRecord => ({
  id: row.id,
  accountId: row.account_id,
  draftId: row.draft_id,
  messageId: row.message_id,
  subject: row.subject,
  to: JSON.parse(row.to_json) as Address[],
  state: row.state,
  sendAt: row.send_at,
  nextAttemptAt: row.next_attempt_at,
  attempts: row.attempts,
  ...errorAndCertificate(row.error_json),
  size: row.size,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  // Shown once a try has failed: a copy on its way after a send is no news.
  ...(row.sent_copy_due !== null && row.sent_copy_error !== null
    ? { sentCopyPending: { reason: row.sent_copy_error } }
    : {}),
});

/** The outbox as stored; a read-only connection is enough. */
export function createOutboxReader(db: ReadonlyDb) {
  return {
    get(id: number): OutboxRecord | null {
      const row = db.prepare<[number], OutboxRow>(`SELECT ${columns} FROM outbox WHERE id = ?`).get(id);
      return row ? toRecord(row) : null;
    },
    list(): OutboxRecord[] {
      return db
        .prepare<[], OutboxRow>(`SELECT ${columns} FROM outbox ORDER BY created_at DESC, id DESC`)
        .all()
        .map(toRecord);
    },
  };
}

/**
 * The outbox table, written only in the engine: built messages with their state, stored before any
 * network use. Each change of state is one UPDATE that checks the state it starts from.
 */
export function createOutboxRepository(db: Db) {
  const setState = db.prepare<{ id: number; state: OutboxState; next: number | null; error: string | null }>(
    'UPDATE outbox SET state = @state, next_attempt_at = @next, error_json = @error WHERE id = @id',
  );
  const activeOf = db.prepare<[number], number>("SELECT id FROM outbox WHERE draft_id = ? AND state <> 'sent'").pluck();
  const repository = {
    ...createOutboxReader(readonlyDb(db)),
    /**
     * Queues the message and returns its item's id. A draft has one item until it is sent (a unique
     * index): when its message is already queued, that item's id comes back and nothing is added.
     */
    add(message: QueuedMessage, now: number): number {
      return writeTransaction(db, () => {
        const { changes, lastInsertRowid } = db
          .prepare(
            `INSERT INTO outbox (account_id, draft_id, message_id, envelope_from, envelope_to, raw, subject, to_json,
               state, send_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
             ON CONFLICT DO NOTHING`,
          )
          .run(
            message.accountId,
            message.draftId,
            message.messageId,
            message.envelope.from,
            JSON.stringify(message.envelope.to),
            Buffer.from(message.raw),
            message.subject,
            JSON.stringify(message.to),
            message.sendAt,
            now,
          );
        if (changes === 1) return Number(lastInsertRowid);
        if (message.draftId === null) throw new Error('The outbox refused a message without a draft.');
        return activeOf.get(message.draftId)!;
      })();
    },
    sendingOf(accountId: string): OutboxRecord[] {
      return db
        .prepare<[string], OutboxRow>(`SELECT ${columns} FROM outbox WHERE account_id = ? AND state = 'sending'`)
        .all(accountId)
        .map(toRecord);
    },
    /** Items waiting to go: queued or retrying, in the order they were sent. */
    waiting(): OutboxRecord[] {
      return db
        .prepare<[], OutboxRow>(
          `SELECT ${columns} FROM outbox WHERE state IN ('queued', 'retrying') ORDER BY send_at, id`,
        )
        .all()
        .map(toRecord);
    },
    wire(id: number): { envelope: { from: string; to: string[] }; raw: Uint8Array } {
      const row = db
        .prepare<[number], { envelope_from: string; envelope_to: string; raw: Buffer }>(
          'SELECT envelope_from, envelope_to, raw FROM outbox WHERE id = ?',
        )
        .get(id)!;
      return {
        envelope: { from: row.envelope_from, to: JSON.parse(row.envelope_to) as string[] },
        raw: new Uint8Array(row.raw),
      };
    },
    /** Committed before the first byte goes out: a crash from here on leaves "sending" behind. */
    markSending(id: number): boolean {
      return (
        db
          .prepare(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, error_json = NULL WHERE id = ? AND state IN ('queued', 'retrying')",
          )
          .run(id).changes === 1
      );
    },
    /** With `copyOwed`, the copy in Sent is owed from now on, in the same statement: a crash cannot lose it. */
    markSent(id: number, now: number, copyOwed: boolean): void {
      writeTransaction(db, () => {
        const draftId = repository.get(id)?.draftId;
        const { changes } = db
          .prepare(
            `UPDATE outbox SET state = 'sent', sent_at = @now, next_attempt_at = NULL, error_json = NULL, draft_id = NULL,
               sent_copy_due = CASE WHEN @copyOwed THEN @now END
             WHERE id = @id AND state = 'sending'`,
          )
          .run({ id, now, copyOwed: copyOwed ? 1 : 0 });
        if (changes === 1 && draftId) db.prepare('DELETE FROM drafts WHERE id = ?').run(draftId);
      })();
    },
    setState(
      id: number,
      state: OutboxState,
      next: number | null,
      error: OutboxError | null,
      certificate: ServerCertificate | null = null,
    ): void {
      const stored: StoredError | null = error && (certificate ? { ...error, certificate } : error);
      setState.run({ id, state, next, error: stored ? JSON.stringify(stored) : null });
    },
    /**
     * Go now: no undo delay, no wait. An item on the wire ("sending") or sent is left as it is
     * (false then), checked in the same statement.
     */
    release(id: number, now: number): boolean {
      const { changes } = db
        .prepare(
          `UPDATE outbox SET state = 'queued', send_at = MIN(send_at, ?), next_attempt_at = NULL, error_json = NULL
           WHERE id = ? AND state NOT IN ('sending', 'sent')`,
        )
        .run(now, id);
      return changes === 1;
    },
    /** Deletes the item if it is in one of these states; its draft comes back to the drafts list. */
    removeIf(id: number, states: OutboxState[]): { draftId: number | null } | null {
      const record = repository.get(id);
      if (!record) return null;
      const { changes } = db
        .prepare('DELETE FROM outbox WHERE id = ? AND state IN (SELECT value FROM json_each(?))')
        .run(id, JSON.stringify(states));
      return changes === 1 ? { draftId: record.draftId } : null;
    },
    /** Items waiting for the network or a sign-in, and owed copies in Sent, become due now; the rate limit still holds. */
    retryNow(accountId: string, now: number): void {
      writeTransaction(db, () => {
        db.prepare(
          `UPDATE outbox SET next_attempt_at = ? WHERE account_id = ? AND state = 'retrying'
             AND json_extract(error_json, '$.kind') IS NOT 'rateLimited'`,
        ).run(now, accountId);
        db.prepare(
          'UPDATE outbox SET sent_copy_due = MIN(sent_copy_due, ?) WHERE account_id = ? AND sent_copy_due IS NOT NULL',
        ).run(now, accountId);
      })();
    },
    owedSentCopies(): OwedSentCopy[] {
      return db
        .prepare<[], OwedSentCopy>(
          `SELECT id, account_id AS accountId, message_id AS messageId, sent_copy_due AS dueAt,
             sent_copy_attempts AS attempts
           FROM outbox WHERE sent_copy_due IS NOT NULL ORDER BY sent_copy_due, id`,
        )
        .all();
    },
    /** The bytes for the copy, or null when the item is gone (deleted meanwhile). */
    rawOf(id: number): Uint8Array | null {
      const raw = db.prepare<[number], Buffer>('SELECT raw FROM outbox WHERE id = ?').pluck().get(id);
      return raw ? new Uint8Array(raw) : null;
    },
    /** Counted before the try, so a try cut short by a crash counts too. */
    sentCopyTrying(id: number): void {
      db.prepare('UPDATE outbox SET sent_copy_attempts = sent_copy_attempts + 1 WHERE id = ?').run(id);
    },
    sentCopyMade(id: number): void {
      db.prepare('UPDATE outbox SET sent_copy_due = NULL, sent_copy_error = NULL WHERE id = ?').run(id);
    },
    sentCopyFailed(id: number, next: number, reason: string): void {
      db.prepare(
        'UPDATE outbox SET sent_copy_due = ?, sent_copy_error = ? WHERE id = ? AND sent_copy_due IS NOT NULL',
      ).run(next, reason, id);
    },
    sentSince(accountId: string, since: number): number {
      return db
        .prepare<[string, number], number>(
          "SELECT COUNT(*) FROM outbox WHERE account_id = ? AND (state = 'sending' OR (state = 'sent' AND sent_at > ?))",
        )
        .pluck()
        .get(accountId, since)!;
    },
    oldestSentSince(accountId: string, since: number): number | null {
      return (
        db
          .prepare<[string, number], number | null>(
            "SELECT MIN(sent_at) FROM outbox WHERE account_id = ? AND state = 'sent' AND sent_at > ?",
          )
          .pluck()
          .get(accountId, since) ?? null
      );
    },
    /** Sent items are kept a day as history (and for the rate limit), and while their copy in Sent is owed. */
    prune(now: number): void {
      db.prepare("DELETE FROM outbox WHERE state = 'sent' AND sent_at < ? AND sent_copy_due IS NULL").run(
        now - 24 * 60 * 60_000,
      );
    },
  };
  return repository;
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
