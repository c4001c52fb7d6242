import { statfsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';

// What people are told when the local store cannot be used: the file, what is wrong with it and
// what to do, never SQLite's own words. The damaged files are always left where they are.

/** Below this much free space, a failed write is put down to a full disk. */
const nearlyFullBytes = 1024 * 1024;

export function damagedStore(file: string, why = 'is damaged'): AppError {
  const base = path.basename(file);
  return new AppError(
    'STORE_UNAVAILABLE',
    `Harbor Mail's mail store ${file} ${why}, so the app cannot use it. It has been left as it is. ` +
      `Quit Harbor Mail, then restore that file from a backup, or move it, with any ${base}-wal and ${base}-shm ` +
      'beside it, to another folder: Harbor Mail then starts afresh, you sign in again and your mail is ' +
      'downloaded again (drafts and unsent messages stay in the moved files only).',
  );
}

export function notAFile(file: string): AppError {
  return new AppError(
    'STORE_UNAVAILABLE',
    `Harbor Mail's mail store should be the file ${file}, but something that is not a file (a folder?) is there. ` +
      'Move it aside, then start Harbor Mail again.',
  );
}

export function readOnlyStore(file: string): AppError {
  return new AppError(
    'STORE_UNAVAILABLE',
    `Harbor Mail cannot write its mail store ${file}: the file or its folder is read-only (a read-only disk, ` +
      'or permissions that keep your user out). Make both writable for your user, then try again. ' +
      'Nothing in the store was changed.',
  );
}

export function diskFull(file: string): AppError {
  return new AppError(
    'DISK_FULL',
    `The disk that holds Harbor Mail's mail store (${file}) is full, so nothing more can be saved there and ` +
      'what you just did was not saved. Free some space on that disk, then try again.',
  );
}

export function notAFolder(folder: string): AppError {
  return new AppError(
    'STORE_UNAVAILABLE',
    `Harbor Mail keeps its mail store in the folder ${folder}, but that, or a folder above it, is a file. ` +
      'Move the file aside, then start Harbor Mail again.',
  );
}

function cannotOpen(file: string): AppError {
  const base = path.basename(file);
  return new AppError(
    'STORE_UNAVAILABLE',
    `Harbor Mail cannot open its mail store ${file}. Check that ${path.dirname(file)} is a folder your user ` +
      `can read and write, and that ${base}, ${base}-wal and ${base}-shm in it (where they exist) are files ` +
      'your user can read and write, then try again.',
  );
}

function diskError(file: string): AppError {
  return new AppError(
    'STORE_UNAVAILABLE',
    `Harbor Mail could not read or write its mail store ${file} because of a disk error. The file was left as ` +
      'it is. Check the disk, then try again; if the error stays, restore the file from a backup.',
  );
}

// SQLite reports a full disk as SQLITE_FULL, but some file systems give an I/O error instead
// (growing the -shm file, for one), and opening a file there can fail as SQLITE_CANTOPEN.
function outOfSpace(file: string): boolean {
  try {
    const { bavail, bsize } = statfsSync(path.dirname(file));
    return bavail * bsize < nearlyFullBytes;
  } catch {
    return false;
  }
}

/** Codes are extended (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED); the first two words are the kind. */
function baseCode(error: InstanceType<typeof Database.SqliteError>): string {
  return error.code.split('_', 2).join('_');
}

/** Whether an SQLite failure says the file is damaged (corrupt, or not a database). */
export function isDamage(error: unknown): boolean {
  return error instanceof Database.SqliteError && ['SQLITE_CORRUPT', 'SQLITE_NOTADB'].includes(baseCode(error));
}

/**
 * The plain explanation of an SQLite failure of the store in `file` (corrupt, not a database,
 * cannot open, read-only, full, I/O error, permission), or the error itself when it is anything else.
 */
export function storeError(error: unknown, file: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (isDamage(error)) return damagedStore(file);
  switch (baseCode(error)) {
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return readOnlyStore(file);
    case 'SQLITE_FULL':
      return diskFull(file);
    case 'SQLITE_CANTOPEN':
      return outOfSpace(file) ? diskFull(file) : cannotOpen(file);
    case 'SQLITE_IOERR':
      return outOfSpace(file) ? diskFull(file) : diskError(file);
    default:
      return error;
  }
}

/** Every method of `impl`, with the store's SQLite failures turned into their plain explanation. */
export function withStoreErrors<T extends object>(impl: T, file: string): T {
  const wrapped = Object.entries(impl).map(([name, method]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await (method as (...args: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw storeError(error, file);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
