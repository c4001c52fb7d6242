import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxFacts } from '../sandbox/start-sandbox';
import { isPortClosed } from '../stack/free-port';
import {
  exitOf,
  processesMentioning,
  readyFacts,
  stackFolders,
  startSandboxProcess,
  waitFor,
  type SandboxRun,
} from './sandbox-process';

// `npm run sandbox` as a user runs it (browser host, as on machines without Electron): ready
// facts in SANDBOX_STATE_FILE, a UI at appUrl, and SIGTERM stops everything it started, even
// in the middle of starting.

let dir: string;

beforeAll(async () => {
  if (!existsSync('dist/renderer/index.html')) throw new Error('Build the renderer first (npm run build).');
  dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-test-'));
  // Dovecot runs unprivileged and must be able to reach the stack folders inside.
  await chmod(dir, 0o755);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run sandbox', () => {
  let run: SandboxRun;
  let facts: SandboxFacts;

  beforeAll(async () => {
    run = await startSandboxProcess(dir, 'ready');
    facts = await readyFacts(run);
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
      'dana@gmail.harbor.test',
    ]);
    expect(facts.users.map((user) => user.appPassword !== undefined)).toEqual([false, false, true, true]);
    expect(facts.users.map((user) => user.server)).toEqual([undefined, undefined, undefined, 'gmail']);
    expect(facts.gmailImap).toMatchObject({ host: '127.0.0.1', security: 'tls' });
    expect(facts.gmailImap.port).not.toBe(facts.imap.port);
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
      facts.gmailImap.port,
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
    const run = await startSandboxProcess(dir, 'early');
    const stackFolder = await waitFor(
      'the stack folder',
      run,
      async () => (await stackFolders(run.tmp))[0] ?? null,
      60_000,
    );
    run.child.kill('SIGTERM');
    await expect(exitOf(run.child)).resolves.toBe(0);
    expect(await stackFolders(run.tmp)).toEqual([]);
    // The stack's folder, not TMPDIR: tools the sandbox started have TMPDIR in their environment.
    expect(await processesMentioning(path.join(run.tmp, stackFolder))).toEqual([]);
  });
});
