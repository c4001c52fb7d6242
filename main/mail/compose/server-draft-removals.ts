import type { Db } from '../../store/database';
import type { DraftOrigin } from './draft-repository';

/**
 * Drafts whose copies are to leave an account's Drafts folder on the server. A request is stored
 * in the same transaction as the change that makes the draft leave (send, discard, a move to
 * another account), carried out when the account is online, and forgotten only once the server
 * has done it. Each request has its own id, so one made while an earlier one is being carried out
 * is not forgotten with it.
 */
export function createServerDraftRemovals(db: Db) {
  return {
    /** With `origin`, the message the draft was opened from leaves the account's Drafts too. */
    request(accountId: string, draftId: number, origin: DraftOrigin | null = null): void {
      db.prepare('INSERT INTO server_draft_removals (account_id, draft_id, origin_json) VALUES (?, ?, ?)').run(
        accountId,
        draftId,
        origin ? JSON.stringify(origin) : null,
      );
    },
    /** The origins the draft's requests up to `upTo` carry. */
    origins(accountId: string, draftId: number, upTo: number): DraftOrigin[] {
      return db
        .prepare<[string, number, number], string>(
          `SELECT DISTINCT origin_json FROM server_draft_removals
           WHERE account_id = ? AND draft_id = ? AND id <= ? AND origin_json IS NOT NULL`,
        )
        .pluck()
        .all(accountId, draftId, upTo)
        .map((json) => JSON.parse(json) as DraftOrigin);
    },
    draftsOf(accountId: string): number[] {
      return db
        .prepare<[string], number>('SELECT DISTINCT draft_id FROM server_draft_removals WHERE account_id = ?')
        .pluck()
        .all(accountId);
    },
    /** The id of the draft's latest request in the account; null when none waits. */
    latest(accountId: string, draftId: number): number | null {
      return (
        db
          .prepare<[string, number], number | null>(
            'SELECT MAX(id) FROM server_draft_removals WHERE account_id = ? AND draft_id = ?',
          )
          .pluck()
          .get(accountId, draftId) ?? null
      );
    },
    /** The requests up to `upTo` are done. */
    done(accountId: string, draftId: number, upTo: number): void {
      db.prepare('DELETE FROM server_draft_removals WHERE account_id = ? AND draft_id = ? AND id <= ?').run(
        accountId,
        draftId,
        upTo,
      );
    },
    /**
     * Drops the requests up to `upTo` when the draft is back among the account's drafts (a send
     * undone): its copies belong there again. One statement, so it cannot cross a send that is
     * being written. True when it dropped them.
     */
    dropIfBack(accountId: string, draftId: number, upTo: number): boolean {
      const { changes } = db
        .prepare(
          `DELETE FROM server_draft_removals WHERE account_id = @accountId AND draft_id = @draftId AND id <= @upTo
             AND EXISTS (SELECT 1 FROM drafts WHERE id = @draftId AND account_id = @accountId)
             AND NOT EXISTS (SELECT 1 FROM outbox WHERE draft_id = @draftId)`,
        )
        .run({ accountId, draftId, upTo });
      return changes > 0;
    },
  };
}

export type ServerDraftRemovals = ReturnType<typeof createServerDraftRemovals>;
