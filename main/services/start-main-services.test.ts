import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../shared/ipc/memory-transport';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import { damagedStoreWithWal, makeReadOnly } from '../store/store-disk.test-support';
import { startMainServices } from './start-main-services';

// What a start-up on a store that cannot be used says: the store's path and what to do, never
// SQLite's words, and the store's files are left exactly as they were.

let home: string;
let configDir: string;
let store: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'harbor-start-'));
  configDir = path.join(home, 'config');
  store = path.join(configDir, 'harbor.db');
  openDatabase(path.join(configDir, 'scratch.db')).close();
  rmSync(path.join(configDir, 'scratch.db'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function start() {
  return startMainServices({
    transport: createMemoryTransport().host,
    configDir,
    host: 'browser',
    version: 'test',
    opener: { open: async () => undefined },
    bringToFront: () => undefined,
    log: () => undefined,
    saveFile: async () => false,
    secrets: { store: createSessionSecretStore(), warning: null },
  });
}

async function startFailure(): Promise<Error> {
  const error = await start().then(
    async (services) => {
      await services.close();
      throw new Error('the services started');
    },
    (reason: unknown) => reason as Error,
  );
  expect(error.message).not.toMatch(/SQLITE|malformed|unable to open|disk I\/O|readonly database/);
  return error;
}

const snapshot = () =>
  Object.fromEntries(readdirSync(configDir).map((name) => [name, readFileSync(path.join(configDir, name))]));

describe('a start-up on a store that cannot be used', () => {
  it('stops at a damaged store, names it and says what to do, and keeps its files, WAL included', async () => {
    damagedStoreWithWal(store);
    const before = snapshot();
    const error = await startFailure();
    expect(error).toMatchObject({ name: 'AppError', code: 'STORE_UNAVAILABLE' });
    expect(error.message).toContain(`${store} is damaged`);
    expect(error.message).toMatch(/restore that file from a backup, or move it/);
    const after = snapshot();
    expect(after['harbor.db']).toEqual(before['harbor.db']);
    expect(after['harbor.db-wal']).toEqual(before['harbor.db-wal']);
  });

  it('stops at a store damaged past its first page, at the first read', async () => {
    const db = openDatabase(store);
    const page = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'accounts'").pluck().get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(store, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x41), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    const before = readFileSync(store);

    const error = await startFailure();
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining(`${store} is damaged`) });
    expect(readFileSync(store)).toEqual(before);
  });

  it('stops at an empty store file instead of starting afresh', async () => {
    writeFileSync(store, '');
    const error = await startFailure();
    expect(error.message).toContain(`${store} is empty (0 bytes)`);
    expect(readFileSync(store)).toHaveLength(0);
  });

  it('stops at a read-only store and says so', async () => {
    openDatabase(store).close();
    const before = snapshot();
    const undo = makeReadOnly(configDir);
    try {
      const error = await startFailure();
      expect(error.message).toContain(`cannot write its mail store ${store}`);
      expect(error.message).toMatch(/read-only/);
    } finally {
      undo();
    }
    expect(snapshot()).toEqual(before);
  });

  it('stops at a file where the config folder should be', async () => {
    rmSync(configDir, { recursive: true });
    writeFileSync(configDir, 'not a folder');
    const error = await startFailure();
    expect(error.message).toContain(`Harbor Mail's folder ${configDir} is a file`);
  });
});
