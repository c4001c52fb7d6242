// With no Secret Service, the app falls back to keeping sign-ins in memory and says so. The
// store runs in a child process whose home, XDG folders and temp folder all point at a fresh
// folder, so anything it wrote to disk would show up there.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoKeychainReport } from './no-keychain-child';

const CHILD = join(import.meta.dirname, 'no-keychain-child.ts');
const CHILD_TIMEOUT_MS = 30_000;

interface ChildRun {
  report: NoKeychainReport;
  output: string;
}

function runChild(env: Record<string, string>, secret: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', CHILD],
      { env, timeout: CHILD_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`no-keychain child failed: ${stderr.trim() || error.message}`));
        else resolve({ report: JSON.parse(stdout) as NoKeychainReport, output: stdout + stderr });
      },
    );
    // A child that fails to start is reported by the callback, not by a broken pipe.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(secret);
  });
}

/** Files under `dir` whose bytes contain `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const file = join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(needle)) found.push(file);
  }
  return found;
}

/** An environment whose every place for files is inside `home`, with no display. */
async function isolatedEnv(home: string): Promise<Record<string, string>> {
  const folders = {
    XDG_DATA_HOME: 'data',
    XDG_CONFIG_HOME: 'config',
    XDG_CACHE_HOME: 'cache',
    XDG_RUNTIME_DIR: 'runtime',
    TMPDIR: 'tmp',
  };
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  for (const [name, folder] of Object.entries(folders)) {
    env[name] = join(home, folder);
    await mkdir(env[name], { recursive: true, mode: 0o700 });
  }
  return env;
}

const setups: [string, (home: string) => Record<string, string>][] = [
  [
    'a session bus address whose socket does not exist',
    (home) => ({
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'runtime', 'no-such-bus')}`,
    }),
  ],
  ['no session bus address and no display', () => ({})],
];

describe.each(setups)('without a Secret Service: %s', (_name, busEnv) => {
  const secret = `refresh-${randomBytes(16).toString('hex')}`;
  let home: string;
  let run: ChildRun;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'harbor-no-keychain-'));
    run = await runChild({ ...(await isolatedEnv(home)), ...busEnv(home) }, secret);
  });

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('falls back to a session-only store and warns in plain words', () => {
    expect(run.report.kind).toBe('session-only');
    expect(run.report.warning).toMatch(
      /^Your system keychain is not available \(.+\), so Harbor Mail keeps your sign-in only until you quit\. You will sign in again next time\.$/,
    );
  });

  it('keeps the secret readable for the session', () => {
    expect(run.report.readBack).toBe(true);
  });

  it('says what failed when the keychain is used anyway, without the secret', () => {
    expect(run.report.keytarError).toMatch(/^KeychainError: The system keychain could not store the sign-in: .+/);
    expect(run.output).not.toContain(secret);
  });

  it('writes the secret nowhere on disk', async () => {
    expect(await filesContaining(home, secret)).toEqual([]);
  });
});
