import { writeTransaction, type Db } from './database';

/** Set by migration 10 on a store that held mail before every connection ran with secure_delete. */
export const textInFreePagesKey = 'store.free-pages-may-hold-text';

/**
 * After rows were deleted (an account signed out or removed), leaves none of their text in the
 * store's files. Every connection runs with secure_delete (openDatabase), so SQLite zeroes the
 * cells and pages a delete frees; three copies remain, and go here:
 *
 * - The search index keeps a deleted message's words in its segments (a delete only marks the
 *   row gone) until they are merged: 'optimize' rewrites the index from the rows that are left.
 *   It costs a rewrite of the whole index, paid at sign-out rather than on every delete.
 * - A store used before secure_delete holds old text in free pages and in the unused space of
 *   pages: VACUUM, once, rebuilds it from the live rows.
 * - The WAL keeps earlier versions of the pages until they are overwritten: a TRUNCATE checkpoint
 *   copies the zeroed pages into the database file and empties the WAL.
 *
 * Should another connection's reader keep the WAL from being emptied within the busy timeout, the
 * WAL goes when the last connection closes.
 */
export function eraseDeletedText(db: Db): void {
  writeTransaction(db, () => {
    db.prepare("INSERT INTO message_search (message_search) VALUES ('optimize')").run();
  })();
  if (db.prepare('SELECT 1 FROM settings WHERE key = ?').get(textInFreePagesKey)) {
    db.exec('VACUUM');
    db.prepare('DELETE FROM settings WHERE key = ?').run(textInFreePagesKey);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
}
