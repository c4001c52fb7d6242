import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The browser host's command line, run as people run it: a start-up failure is one plain line on
// stderr and a non-zero exit, never a hang or SQLite's words.

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function runCli(configDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/browser-host/cli.ts', '--config-dir', configDir], {
    // No session bus: the keychain check fails at once and the session-only store is used.
    env: { PATH: process.env.PATH, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home, 'no-bus')}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('the browser host CLI', () => {
  it('says plainly why the store cannot be used, and exits with 1', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'harbor-cli-'));
    const store = path.join(home, 'harbor.db');
    writeFileSync(store, 'not a database, but long enough to have a header'.repeat(10));
    const { code, stderr } = await runCli(home);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^Harbor Mail could not start: Harbor Mail's mail store ${store} is not a database file .*backup`),
    );
    expect(stderr).not.toMatch(/SQLITE|file is not a database/);
  });
});
