import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../../shared/errors';
import type { CredentialHandlers, EngineAccount, EngineNotices } from './engine-api';
import { startMailEngine, type MailEngine } from './mail-engine-client';

const entry = { source: new URL('./engine-stand-in.fixture.ts', import.meta.url), bundled: 'unused.cjs' };
const start = { databaseFile: 'unused.db', extraCa: [], sendRateLimit: { messages: 1, perSeconds: 1 } };
const alice = {
  id: 'acct:alice',
  email: 'alice@example.test',
  authKind: 'password',
  imap: { host: 'imap.example.test', port: 993 },
} as EngineAccount;

const running: MailEngine[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((engine) => engine.close()));
});

function engineUnderTest({ closeHangs = false } = {}) {
  const states: string[] = [];
  const log: string[] = [];
  const engine = startMailEngine({
    start: { ...start, closeHangs } as typeof start,
    credentials: {} as CredentialHandlers,
    entry,
    log: (line) => log.push(line),
    onNotice: (name, payload) => {
      if (name === 'engineState') states.push((payload as EngineNotices['engineState']).state);
    },
  });
  running.push(engine);
  const call = (method: string, args: object = {}) => engine.call(method, args as never);
  return { engine, states, log, call };
}

/** The promise's outcome if it settles within `ms`; else this rejects. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)),
  ]);

const exits = async (call: (method: string, args?: object) => Promise<unknown>, times: number) => {
  for (let n = 0; n < times; n++)
    await expect(call('exit', { code: 7 })).rejects.toMatchObject({ code: 'ENGINE_STOPPED' });
};

describe('the mail engine client', () => {
  it('restarts a dying engine three times a minute, then stops and refuses calls at once', async () => {
    const { engine, states, log, call } = engineUnderTest();
    await exits(call, 4);

    const refused = await within(
      call('accounts').catch((error: unknown) => error),
      100,
    );
    expect(isAppError(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'ENGINE_STOPPED', message: expect.stringContaining('Restart mail engine') });
    expect(states).toEqual([
      ...['running', 'restarting', 'running', 'restarting', 'running', 'restarting', 'running'],
      'stopped',
    ]);
    expect(log).toEqual([
      ...Array(3).fill('mail engine exited (code 7); restarting it'),
      'mail engine exited (code 7) again; not restarting it',
    ]);
    await within(engine.close(), 10_000);
  });

  it('starts again on restart() with the last accounts and a fresh budget', async () => {
    const { engine, states, call } = engineUnderTest();
    await engine.setAccounts([]);
    await exits(call, 4);
    // Accounts set while stopped (sign-in, sign-out) are kept for the next start.
    await within(engine.setAccounts([alice]), 100);

    await engine.restart();
    expect(await call('accounts')).toEqual([alice]);
    // With the spent budget this exit would stop it for good.
    await exits(call, 1);
    expect(await call('accounts')).toEqual([alice]);
    expect(states.slice(8)).toEqual(['restarting', 'running', 'restarting', 'running']);
  });

  it('tells an engine started after a crash which folder each account shows', async () => {
    const { engine, call } = engineUnderTest();
    await engine.setAccounts([alice]);
    await call('watchFolder', { accountId: alice.id, folderId: 7 });
    await exits(call, 1);
    await expect.poll(() => call('shown')).toEqual({ [alice.id]: 7 });
  });

  it('terminates a worker that does not answer close within the deadline', async () => {
    const { engine, log } = engineUnderTest({ closeHangs: true });
    await within(engine.close(), 10_000);
    expect(log).toContain('mail engine did not close within 5 s; terminating it');
  });

  it('closes while a restart is under way, and announces nothing after', async () => {
    const { engine, states, call } = engineUnderTest({ closeHangs: true });
    await exits(call, 1);
    await within(engine.close(), 10_000);
    expect(states).toEqual(['running', 'restarting']);
    await expect(within(call('accounts'), 100)).rejects.toMatchObject({ code: 'ENGINE_STOPPED' });
  });

  it("passes the worker's log lines on, and logs a failure by its kind, never its text", async () => {
    const { log, call } = engineUnderTest();
    await call('log', { line: 'closing the parse pool failed (Error EPIPE)' });
    expect(log).toEqual(['mail engine: closing the parse pool failed (Error EPIPE)']);

    await call('throwLater');
    await vi.waitFor(() => expect(log).toContain('mail engine exited (code 1); restarting it'));
    await call('throwLater', { code: 'ECONNRESET' });
    await vi.waitFor(() => expect(log.filter((line) => line.includes('exited'))).toHaveLength(2));
    expect(log.slice(1)).toEqual([
      'mail engine failed (string)',
      'mail engine exited (code 1); restarting it',
      'mail engine failed (Error ECONNRESET)',
      'mail engine exited (code 1); restarting it',
    ]);
  });
});
