// The "server without OAuth" fallback against the stack's real Dovecot and a real keychain, through
// the whole main side (contract validation included): carol signs in with her app password and
// reads her Inbox over IMAP; a wrong password or an OAuth-only account stores nothing; the
// password lives in the keychain only (never in the SQLite file, a reply, an event or a log
// line); sign-out removes the keychain entry and the account.
//
// Runs in its own worker process, so setting DBUS_SESSION_BUS_ADDRESS before keytar is first
// loaded is what libsecret will use.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainService } from '../../main/secrets/secret-store';
import { startMainServices, type MainServices } from '../../main/services/start-main-services';
import { createClient, type Client } from '../../shared/ipc/client';
import { createMemoryTransport } from '../../shared/ipc/memory-transport';
import type { ClientTransport } from '../../shared/ipc/transport';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startMailStack } from '../stack/mail-stack';
import type { MailStack, StackUser } from '../stack/types';

const require = createRequire(import.meta.url);

let stack: MailStack;
let carol: StackUser & { appPassword: string };
let alice: StackUser;
let configDir: string;
let services: MainServices;
let client: Client;
const wire: string[] = [];
const logLines: string[] = [];

const imap = () => ({ host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' as const });
const carolId = () => 'password:127.0.0.1:carol@harbor.test';
const keytar = () => require('keytar') as typeof Keytar;

/** Everything the main side wrote under its config folder (the database, its WAL, the config). */
async function configFolderBytes(): Promise<string> {
  const files = await readdir(configDir);
  const contents = await Promise.all(
    files.map((file) => readFile(path.join(configDir, file)).catch(() => Buffer.of())),
  );
  return Buffer.concat(contents).toString('latin1');
}

beforeAll(async () => {
  expect(require.cache[require.resolve('keytar')], 'keytar was loaded before the bus was chosen').toBeUndefined();
  stack = await startMailStack();
  const found = stack.users.find((user) => user.appPassword !== undefined);
  if (!found?.appPassword || !stack.keyring) throw new Error('the default stack has carol and a keyring');
  carol = { ...found, appPassword: found.appPassword };
  alice = stack.users[0] as StackUser;
  process.env.DBUS_SESSION_BUS_ADDRESS = stack.keyring.env.DBUS_SESSION_BUS_ADDRESS;
  for (const [subject, minute] of [
    ['Harbour dues', '00'],
    ['Tide tables', '05'],
  ]) {
    const message = `From: bob@harbor.test\r\nTo: ${carol.email}\r\nSubject: ${subject}\r\nDate: Mon, 1 Jan 2024 10:${minute}:00 +0000\r\n\r\nHello Carol\r\n`;
    await stack.dovecot.doveadm(['save', '-u', carol.email, '-m', 'INBOX'], message);
  }

  configDir = path.join(stack.dir, 'app-config');
  await writeSandboxConfig(stack, configDir);
  const { client: transport, host } = createMemoryTransport();
  // Every reply and event the renderer would see, as it would cross the wire.
  const recording: ClientTransport = {
    async invoke(method, input) {
      const reply = await transport.invoke(method, input);
      wire.push(JSON.stringify(reply));
      return reply;
    },
    subscribe: (event, listener) =>
      transport.subscribe(event, (payload) => {
        wire.push(JSON.stringify(payload));
        listener(payload);
      }),
  };
  services = await startMainServices({
    transport: host,
    configDir,
    host: 'browser',
    version: 'test',
    opener: { open: async () => undefined },
    bringToFront: () => undefined,
    log: (line) => logLines.push(line),
    saveFile: async () => false,
  });
  client = createClient(recording);
  client.on('accounts.changed', () => undefined);
  expect(await client.call('secrets.status', {})).toEqual({ storage: 'keychain', warning: null });
}, 90_000);

afterAll(async () => {
  await services?.close();
  await stack?.close();
});

describe('signing in with an app password', () => {
  it('refuses a wrong password in plain words and stores nothing', async () => {
    const wrong = `${carol.appPassword}-wrong`;
    await expect(
      client.call('auth.signInWithPassword', { email: carol.email, password: wrong, imap: imap() }),
    ).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: 'The server did not accept this address and app password.',
    });
    expect(await client.call('accounts.list', {})).toEqual([]);
    expect(await keytar().getPassword(keychainService('app-password'), carolId())).toBeNull();
    expect(await configFolderBytes()).not.toContain(wrong);
  });

  it('does not let an OAuth-only account in with a password', async () => {
    for (const password of [alice.password, carol.appPassword]) {
      await expect(
        client.call('auth.signInWithPassword', { email: alice.email, password, imap: imap() }),
      ).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    }
    expect(await client.call('accounts.list', {})).toEqual([]);
    expect(await keytar().findCredentials(keychainService('app-password'))).toEqual([]);
  });

  it('signs carol in: the password goes to the keychain, the account says it is a password account', async () => {
    const { accountId } = await client.call('auth.signInWithPassword', {
      email: carol.email,
      password: carol.appPassword,
      imap: imap(),
    });
    expect(accountId).toBe(carolId());
    expect(await keytar().getPassword(keychainService('app-password'), accountId)).toBe(carol.appPassword);
    expect(await keytar().getPassword(keychainService('refresh-token'), accountId)).toBeNull();
    const [account] = await client.call('accounts.list', {});
    expect(account).toMatchObject({
      id: accountId,
      email: carol.email,
      providerId: 'password:127.0.0.1',
      providerLabel: '127.0.0.1',
      authKind: 'password',
      status: 'active',
      scopes: [],
    });
  });

  it('syncs the Inbox over real IMAP with the stored password', async () => {
    await expect
      .poll(
        async () => {
          const page = await client.call('mail.list', { view: { kind: 'unified-inbox' } });
          return page.rows.map((row) => row.subject);
        },
        { timeout: 20_000 },
      )
      .toEqual(['Tide tables', 'Harbour dues']);
    expect(stack.auth.tokenRequests()).toEqual([]);
  });

  it('keeps the password out of the SQLite file, every reply and event, and the log', async () => {
    expect(await configFolderBytes()).not.toContain(carol.appPassword);
    expect(wire.join('\n')).not.toContain(carol.appPassword);
    expect(logLines.join('\n')).not.toContain(carol.appPassword);
    const activity = await client.call('activity.list', { accountId: carolId() });
    expect(activity.map((entry) => entry.kind)).toEqual(['sign-in']);
    expect(JSON.stringify(activity)).not.toContain(carol.appPassword);
  });

  it('signs out: nothing to revoke, keychain entry and account gone', async () => {
    const result = await client.call('auth.signOut', { accountId: carolId() });
    expect(result).toEqual({ outcome: 'no-token', manageAccessUrl: null });
    expect(stack.auth.revocations()).toEqual([]);
    expect(await keytar().getPassword(keychainService('app-password'), carolId())).toBeNull();
    expect(await client.call('accounts.list', {})).toEqual([]);
    expect((await client.call('mail.list', { view: { kind: 'unified-inbox' } })).rows).toEqual([]);
    expect((await client.call('mail.folders', {})).filter((folder) => folder.accountId === carolId())).toEqual([]);
    expect(await configFolderBytes()).not.toContain(carol.appPassword);
    expect(wire.join('\n')).not.toContain(carol.appPassword);
  });
});
