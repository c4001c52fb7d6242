import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring } from './keyring';
import { runKeytar } from './keytar-child';
import type { Keyring } from './types';

/** Processes whose command line or environment mention `dir`: the daemons of one keyring. */
async function processesUsing(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const [cmdline, environ] = await Promise.all([
        readFile(`/proc/${pid}/cmdline`, 'utf8'),
        readFile(`/proc/${pid}/environ`, 'utf8'),
      ]);
      if (cmdline.includes(dir) || environ.includes(dir)) found.push(`${pid} ${cmdline.split('\0')[0]}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('private keyring', () => {
  let dir: string;
  let keyring: Keyring;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harbor-keyring-'));
    keyring = await startKeyring(dir);
  });

  afterAll(async () => {
    await keyring?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, reads and deletes a password through keytar in another process', async () => {
    const entry = { service: 'Harbor Mail', account: 'alice@example.test' };
    expect(await runKeytar(keyring.env, { op: 'get', ...entry })).toBeNull();
    expect(await runKeytar(keyring.env, { op: 'set', ...entry, password: 'refresh-token-stand-in' })).toBe(true);
    expect(await runKeytar(keyring.env, { op: 'get', ...entry })).toBe('refresh-token-stand-in');
    expect(await runKeytar(keyring.env, { op: 'delete', ...entry })).toBe(true);
    expect(await runKeytar(keyring.env, { op: 'get', ...entry })).toBeNull();
    expect(await runKeytar(keyring.env, { op: 'delete', ...entry })).toBe(false);
  });
});

describe('keyring shutdown', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harbor-keyring-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops both daemons on close, after which keytar finds no Secret Service', async () => {
    const keyring = await startKeyring(dir);
    const running = await processesUsing(dir);
    expect(running.some((line) => line.includes('dbus-daemon'))).toBe(true);
    expect(running.some((line) => line.includes('gnome-keyring-daemon'))).toBe(true);

    await keyring.close();

    expect(await processesUsing(dir)).toEqual([]);
    await expect(runKeytar(keyring.env, { op: 'get', service: 'Harbor Mail', account: 'nobody' })).rejects.toThrow();
  });
});
