import Database from 'better-sqlite3';
import { migrations as appMigrations } from './migrations';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
  constructor(file: string, found: number, known: number) {
    super(
      `The mail database ${file} was written by a newer version of Harbor Mail (schema ${found}; this version knows up to ${known}). Update Harbor Mail to open it.`,
    );
  }
}

/** Opens (creating if needed) the local store and brings its schema up to date. */
export function openDatabase(file: string, migrations: readonly string[] = appMigrations): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A transaction that takes the write lock at BEGIN (IMMEDIATE). The UI thread and the engine worker
 * write through connections of their own: a deferred transaction that reads, then writes after the
 * other connection committed, fails at once with SQLITE_BUSY, which the busy timeout does not retry;
 * a wait for the lock at BEGIN is retried.
 */
export function writeTransaction<F extends Parameters<Db['transaction']>[0]>(
  db: Db,
  fn: F,
): Database.Transaction<F>['immediate'] {
  return db.transaction(fn).immediate;
}

function migrate(db: Db, file: string, migrations: readonly string[]): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > migrations.length) throw new DatabaseTooNewError(file, applied, migrations.length);
  migrations.slice(applied).forEach((sql, index) => {
    const version = applied + index + 1;
    // user_version lives in the database header, which SQLite writes inside the transaction: a
    // migration and its number commit together or not at all.
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  });
}
