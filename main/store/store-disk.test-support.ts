import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './database';

// Real failing disks for the store's tests. Permissions do not stop root, so as root a read-only
// disk is a read-only bind mount and a full one a tmpfs of a few MB; otherwise permissions and
// SQLite's max_page_count, which SQLite enforces as a full disk (SQLITE_FULL).

const isRoot = process.getuid?.() === 0;

export interface SmallDisk {
  folder: string;
  kind: 'tmpfs' | 'max_page_count';
  /** Leaves no room for `db`'s files to grow. */
  fill(db: Db): void;
  remove(): void;
}

function mounted(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fillFileSystem(folder: string): void {
  const fd = openSync(path.join(folder, 'filler'), 'w');
  try {
    for (let size = 1 << 20; size >= 512; size >>= 1) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

export function smallDisk(): SmallDisk {
  const folder = mkdtempSync(path.join(tmpdir(), 'harbor-small-disk-'));
  const tmpfs = isRoot && mounted(['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', folder]);
  return {
    folder,
    kind: tmpfs ? 'tmpfs' : 'max_page_count',
    fill(db) {
      if (tmpfs) fillFileSystem(folder);
      else db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    },
    remove() {
      // Lazy: a test that failed may still hold the store open, and the mount must go all the same.
      if (tmpfs) execFileSync('umount', ['--lazy', folder]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Makes `folder` and the files in it read-only for this process; returns the undo. */
export function makeReadOnly(folder: string): () => void {
  if (isRoot) {
    execFileSync('mount', ['--bind', folder, folder]);
    execFileSync('mount', ['-o', 'remount,bind,ro', folder]);
    return () => execFileSync('umount', ['--lazy', folder]);
  }
  const files = readdirSync(folder).map((name) => path.join(folder, name));
  files.forEach((file) => chmodSync(file, 0o444));
  chmodSync(folder, 0o555);
  return () => {
    chmodSync(folder, 0o755);
    files.forEach((file) => chmodSync(file, 0o644));
  };
}

/**
 * A store at `file` whose last commit is still in its WAL (as after a crash), with its first page
 * damaged in the database file: SQLite fails to open it, and closing it as usual would checkpoint
 * that WAL into the damaged file and delete it.
 */
export function damagedStoreWithWal(file: string): void {
  const scratch = mkdtempSync(path.join(tmpdir(), 'harbor-wal-'));
  const db = openDatabase(path.join(scratch, 'store.db'));
  const log = db.prepare("INSERT INTO activity (at, account_id, kind, detail) VALUES (1, NULL, 'error', ?)");
  for (let index = 0; index < 100; index++) log.run(`entry ${index}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  log.run('the last commit, in the WAL only');
  copyFileSync(path.join(scratch, 'store.db'), file);
  copyFileSync(path.join(scratch, 'store.db-wal'), `${file}-wal`);
  db.close();
  rmSync(scratch, { recursive: true, force: true });
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096 - 100, 0x41), 0, 4096 - 100, 100);
  closeSync(fd);
}
