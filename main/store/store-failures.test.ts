import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { openDatabase, writeTransaction, type Db } from './database';
import { migrations } from './migrations';
import { damagedStoreWithWal, makeReadOnly, smallDisk, type SmallDisk } from './store-disk.test-support';
import { withStoreErrors } from './store-errors';

const sqliteWords = /SQLITE|malformed|unable to open|disk I\/O|readonly database/;

/** The error `action` throws, which must be an AppError naming `file` in plain words. */
function plainFailure(action: () => unknown, file: string): AppError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  const error = thrown as AppError;
  expect(error.message).toContain(file);
  expect(error.message).not.toMatch(sqliteWords);
  return error;
}

/** Every file in `folder` with its bytes. */
const snapshot = (folder: string) =>
  Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(path.join(folder, name))]));

const addActivity = (db: Db, detail: string) =>
  db.prepare("INSERT INTO activity (at, account_id, kind, detail) VALUES (1, NULL, 'error', ?)").run(detail);

let folder: string;
let file: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'harbor-store-'));
  file = path.join(folder, 'harbor.db');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('opening a store that cannot be used', () => {
  it('refuses a damaged store, says what to do, and leaves its files as they were, WAL included', () => {
    damagedStoreWithWal(file);
    const before = snapshot(folder);
    const error = plainFailure(() => openDatabase(file), file);
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/is damaged.*restore that file from a backup, or move it, with any harbor\.db-wal/);
    const after = snapshot(folder);
    expect(after['harbor.db']).toEqual(before['harbor.db']);
    expect(after['harbor.db-wal']).toEqual(before['harbor.db-wal']);
  });

  it('refuses a file that is not a database without opening it', () => {
    writeFileSync(file, 'Dear diary, today I overwrote the mail store.'.repeat(200));
    const before = snapshot(folder);
    expect(plainFailure(() => openDatabase(file), file).message).toMatch(/is not a database file/);
    expect(snapshot(folder)).toEqual(before);
  });

  // SQLite takes an empty file for a new database, and deletes a WAL beside it on the first read.
  it('refuses an empty file as damaged rather than starting afresh, and keeps the WAL beside it', () => {
    writeFileSync(file, '');
    writeFileSync(`${file}-wal`, Buffer.alloc(4096, 7));
    const before = snapshot(folder);
    expect(plainFailure(() => openDatabase(file), file).message).toMatch(/is empty \(0 bytes\)/);
    expect(snapshot(folder)).toEqual(before);
  });

  it('refuses a folder where the store file should be', () => {
    mkdirSync(file);
    expect(plainFailure(() => openDatabase(file), file).message).toMatch(/not a file/);
  });

  it('refuses a store on a read-only disk or in a read-only folder', () => {
    openDatabase(file).close();
    const before = snapshot(folder);
    const undo = makeReadOnly(folder);
    try {
      expect(plainFailure(() => openDatabase(file), file).message).toMatch(/cannot write .*read-only/);
    } finally {
      undo();
    }
    expect(snapshot(folder)).toEqual(before);
  });
});

describe('a new store', () => {
  it('is created with its schema in one step: one that runs out of space leaves no file behind', () => {
    // max_page_count makes the disk full for SQLite (SQLITE_FULL) whoever runs the test.
    const tooBig = [
      ...migrations,
      'PRAGMA max_page_count = 40; CREATE TABLE big (b); INSERT INTO big VALUES (zeroblob(1000000))',
    ];
    const error = plainFailure(() => openDatabase(file, tooBig), file);
    expect(error.code).toBe('DISK_FULL');
    expect(readdirSync(folder)).toEqual([]);

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });
});

describe('a write the store cannot take', () => {
  let disk: SmallDisk | undefined;
  afterEach(() => {
    disk?.remove();
    disk = undefined;
  });

  it(`names a full disk as such, with the store's path, and keeps what was saved before`, () => {
    disk = smallDisk();
    const full = path.join(disk.folder, 'harbor.db');
    const db = openDatabase(full);
    addActivity(db, 'saved before');
    disk.fill(db);
    const before = readFileSync(full);

    const save = writeTransaction(db, () => addActivity(db, 'x'.repeat(2_000_000)));
    const error = plainFailure(save, full);
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(/is full.*Free some space/);
    expect(readFileSync(full)).toEqual(before);
    expect(db.prepare('SELECT detail FROM activity').pluck().all()).toEqual(['saved before']);
    db.close();
  });

  it('names a full disk for any service method that writes on the UI thread, and leaves other errors alone', async () => {
    disk = smallDisk();
    const full = path.join(disk.folder, 'harbor.db');
    const db = openDatabase(full);
    disk.fill(db);
    const services = withStoreErrors(
      {
        'settings.set': async () => addActivity(db, 'x'.repeat(2_000_000)),
        'app.info': async () => {
          throw new Error('a bug');
        },
      },
      full,
    );
    await expect(services['settings.set']()).rejects.toMatchObject({ code: 'DISK_FULL' });
    await expect(services['app.info']()).rejects.toThrow('a bug');
    db.close();
  });

  // Root writes through permission bits, and a store on a read-only mount does not open (above),
  // so the write path is shown on a read-only connection, which SQLite refuses exactly as a
  // read-only file (SQLITE_READONLY).
  it('names a read-only store', () => {
    openDatabase(file).close();
    const db = new Database(file, { readonly: true });
    const error = plainFailure(
      writeTransaction(db, () => addActivity(db, 'refused')),
      file,
    );
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/read-only/) });
    db.close();
    expect(existsSync(file)).toBe(true);
  });
});
