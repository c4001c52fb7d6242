import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, linkSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations as appMigrations, type Migration } from './migrations';
import { damagedStore, diskFull, isDamage, notAFile, notAFolder, readOnlyStore, storeError } from './store-errors';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
  constructor(file: string, found: number, known: number) {
    super(
      `The mail database ${file} was written by a newer version of Harbor Mail (schema ${found}; this version knows up to ${known}). Update Harbor Mail to open it.`,
    );
  }
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens the local store and brings its schema up to date; a store that does not exist yet is
 * created with its schema in one step. So the app never leaves an empty file behind, and an empty
 * file is refused as damaged rather than taken for a fresh install (SQLite would take it for one,
 * and delete a -wal file beside it).
 *
 * A store that cannot be used fails with an AppError naming the file and what to do (see
 * store-errors.ts), and its files are left exactly as they were. Only a failed open pays for a
 * `PRAGMA quick_check`.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = appMigrations): Db {
  const inMemory = file === ':memory:';
  if (!inMemory) prepareStoreFile(file, migrations);
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: !inMemory });
  } catch (error) {
    throw storeError(error, file);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros, so the file keeps no text of them (erase-deleted-text.ts).
    db.pragma('secure_delete = ON');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    if (inMemory) throw error;
    throw closeKeepingFiles(db) ? damagedStore(file) : storeError(error, file);
  }
}

/**
 * Closes a connection after a failure without letting SQLite touch the store's files, and says
 * whether a quick check finds them damaged. The last connection to close checkpoints the WAL into
 * the database and deletes it, which can overwrite a damaged store with what may be its only good
 * copy; a read-only connection never does, so one stays open while `db` closes.
 */
export function closeKeepingFiles(db: Db): boolean {
  let witness: Db | undefined;
  let damaged: boolean;
  try {
    witness = new Database(db.name, { readonly: true, fileMustExist: true });
    damaged = witness.pragma('quick_check', { simple: true }) !== 'ok';
  } catch (error) {
    damaged = isDamage(error);
  } finally {
    db.close();
    witness?.close();
  }
  return damaged;
}

/**
 * A transaction that takes the write lock at BEGIN (IMMEDIATE). The UI thread and the engine worker
 * write through connections of their own: a deferred transaction that reads, then writes after the
 * other connection committed, fails at once with SQLITE_BUSY, which the busy timeout does not retry;
 * a wait for the lock at BEGIN is retried. A store that cannot take the write (disk full, read-only,
 * damaged) fails with the plain explanation.
 */
export function writeTransaction<F extends Parameters<Db['transaction']>[0]>(
  db: Db,
  fn: F,
): Database.Transaction<F>['immediate'] {
  const immediate = db.transaction(fn).immediate;
  const guarded: Database.Transaction<F>['immediate'] = (...args) => {
    try {
      return immediate(...args);
    } catch (error) {
      throw storeError(error, db.name);
    }
  };
  return guarded;
}

function prepareStoreFile(file: string, migrations: readonly Migration[]): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const found = statSync(file, { throwIfNoEntry: false });
    if (!found) createStore(file, migrations);
    else if (!found.isFile()) throw notAFile(file);
    else if (found.size === 0) throw damagedStore(file, 'is empty (0 bytes)');
    else if (!hasSqliteHeader(file)) throw damagedStore(file, 'is not a database file (its first bytes are wrong)');
    // SQLite opens a file it cannot write read-only without a word, and only refuses the first write.
    accessSync(file, constants.W_OK);
    accessSync(path.dirname(file), constants.W_OK);
  } catch (error) {
    throw fileSystemError(error, file);
  }
}

function fileSystemError(error: unknown, file: string): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return readOnlyStore(file);
    case 'ENOSPC':
    case 'EDQUOT':
      return diskFull(file);
    case 'ENOTDIR':
    case 'EEXIST':
      return notAFolder(path.dirname(file));
    default:
      return storeError(error, file);
  }
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(sqliteMagic.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(sqliteMagic);
  } finally {
    closeSync(fd);
  }
}

/**
 * Builds the schema in a file of its own beside `file`, then links it into place: `file` either
 * does not exist or holds the schema. A link never replaces a store another connection created first.
 */
function createStore(file: string, migrations: readonly Migration[]): void {
  const building = `${file}.new-${randomBytes(6).toString('hex')}`;
  try {
    const db = new Database(building);
    try {
      migrate(db, file, migrations);
    } finally {
      db.close();
    }
    linkSync(building, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(building, { force: true });
    rmSync(`${building}-journal`, { force: true });
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > migrations.length) throw new DatabaseTooNewError(file, applied, migrations.length);
  migrations.slice(applied).forEach((migration, index) => {
    const version = applied + index + 1;
    // user_version lives in the database header, which SQLite writes inside the transaction: a
    // migration and its number commit together or not at all.
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version}`);
    })();
  });
}
