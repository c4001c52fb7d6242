import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxFacts } from '../sandbox/start-sandbox';
import { isPortClosed } from '../stack/free-port';

// `npm run sandbox` as a user runs it (browser host, as on machines without Electron): ready
// facts in SANDBOX_STATE_FILE, a UI at appUrl, and SIGTERM stops everything it started, even
// in the middle of starting.

let dir: string;

const stackFolders = async (tmp: string) => (await readdir(tmp)).filter((name) => name.startsWith('harbor-stack-'));

interface Run {
  child: ChildProcess;
  output: () => string;
  tmp: string;
  stateFile: string;
}

async function startSandboxProcess(name: string): Promise<Run> {
  const tmp = path.join(dir, name);
  await mkdir(tmp);
  const stateFile = path.join(tmp, 'state.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/sandbox.ts'], {
    env: { ...process.env, SANDBOX_HOST: 'browser', SANDBOX_STATE_FILE: stateFile, BROWSER: '', TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output, tmp, stateFile };
}

async function waitFor<T>(what: string, run: Run, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${timeoutMs} ms; output:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** Processes whose command line mentions the folder: Dovecot, D-Bus and the keyring would. */
async function processesMentioning(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(folder)) found.push(cmdline.replace(/\0/g, ' '));
  }
  return found;
}

beforeAll(async () => {
  if (!existsSync('dist/renderer/index.html')) throw new Error('Build the renderer first (npm run build).');
  dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-test-'));
  // Dovecot runs unprivileged and must be able to reach the stack folders inside.
  await chmod(dir, 0o755);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run sandbox', () => {
  let run: Run;
  let facts: SandboxFacts;

  beforeAll(async () => {
    run = await startSandboxProcess('ready');
    facts = await waitFor(
      'the state file',
      run,
      async () => JSON.parse(await readFile(run.stateFile, 'utf8').catch(() => 'null')) as SandboxFacts | null,
      90_000,
    );
  });

  afterAll(() => {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  });

  it('writes the facts a test or a person needs', () => {
    expect(facts.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(facts.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(facts.imap).toMatchObject({ host: '127.0.0.1', security: 'tls' });
    expect(facts.smtp.host).toBe('127.0.0.1');
    expect(existsSync(facts.caFile)).toBe(true);
    expect(facts.users.map((user) => user.email)).toEqual([
      'alice@harbor.test',
      'bob@harbor.test',
      'carol@harbor.test',
    ]);
    expect(facts.users.map((user) => user.appPassword !== undefined)).toEqual([false, false, true]);
    expect(run.output()).toContain(facts.appUrl);
    for (const user of facts.users) expect(run.output()).toContain(user.password);
    for (const user of facts.users) if (user.appPassword) expect(run.output()).toContain(user.appPassword);
  });

  it('serves the UI at the app URL', async () => {
    const response = await fetch(new URL(facts.appUrl).origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
  });

  it('stops everything it started on SIGTERM and removes the state file', async () => {
    const ports = [
      new URL(facts.appUrl).port,
      new URL(facts.issuer).port,
      facts.imap.port,
      facts.smtp.tlsPort,
      facts.smtp.starttlsPort,
    ].map(Number);
    const stackDir = path.dirname(facts.configDir);
    expect(await processesMentioning(stackDir)).not.toEqual([]);
    run.child.kill('SIGTERM');
    await expect(exitOf(run.child)).resolves.toBe(0);
    expect(existsSync(run.stateFile)).toBe(false);
    expect(existsSync(stackDir)).toBe(false);
    expect(await processesMentioning(stackDir)).toEqual([]);
    for (const port of ports) await expect(isPortClosed(port)).resolves.toBe(true);
  });
});

describe('stopping the sandbox while it starts', () => {
  it('waits for the start, then stops and removes everything', async () => {
    const run = await startSandboxProcess('early');
    await waitFor(
      'the stack folder',
      run,
      async () => ((await stackFolders(run.tmp)).length > 0 ? true : null),
      60_000,
    );
    run.child.kill('SIGTERM');
    await expect(exitOf(run.child)).resolves.toBe(0);
    expect(await stackFolders(run.tmp)).toEqual([]);
    expect(await processesMentioning(run.tmp)).toEqual([]);
  });
});
