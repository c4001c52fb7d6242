import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxFacts } from '../sandbox/start-sandbox';
import { isPortClosed } from '../stack/free-port';

// `npm run sandbox` as a user runs it (browser host, as on machines without Electron): ready
// facts in SANDBOX_STATE_FILE, a UI at appUrl, and SIGTERM stops everything it started.

let child: ChildProcess;
let dir: string;
let stateFile: string;
let facts: SandboxFacts;
let output = '';

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  if (!existsSync('dist/renderer/index.html')) throw new Error('Build the renderer first (npm run build).');
  dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-test-'));
  stateFile = path.join(dir, 'state.json');
  child = spawn(process.execPath, ['--import', 'tsx', 'e2e/sandbox.ts'], {
    env: { ...process.env, SANDBOX_HOST: 'browser', SANDBOX_STATE_FILE: stateFile, BROWSER: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  facts = await waitFor(
    'the state file',
    async () => JSON.parse(await readFile(stateFile, 'utf8').catch(() => 'null')) as SandboxFacts | null,
    90_000,
  );
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('npm run sandbox', () => {
  it('writes the facts a test or a person needs', () => {
    expect(facts.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(facts.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(facts.imap).toMatchObject({ host: '127.0.0.1', security: 'tls' });
    expect(facts.smtp.host).toBe('127.0.0.1');
    expect(existsSync(facts.caFile)).toBe(true);
    expect(facts.users.map((user) => user.email)).toEqual(['alice@harbor.test', 'bob@harbor.test']);
    expect(output).toContain(facts.appUrl);
    for (const user of facts.users) expect(output).toContain(user.password);
  });

  it('serves the UI at the app URL', async () => {
    const response = await fetch(new URL(facts.appUrl).origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
  });

  it('stops everything it started on SIGTERM and removes the state file', async () => {
    const ports = [new URL(facts.appUrl).port, new URL(facts.issuer).port, facts.imap.port, facts.smtp.tlsPort].map(
      Number,
    );
    const stackDir = path.dirname(facts.configDir);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
    expect(existsSync(stateFile)).toBe(false);
    expect(existsSync(stackDir)).toBe(false);
    for (const port of ports) await expect(isPortClosed(port)).resolves.toBe(true);
  });
});
