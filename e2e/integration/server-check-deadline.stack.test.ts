// "Sign in with app password" and "Other mail server" against a server that greets over verified
// TLS and then only drips (untagged lines, or garbage): through the contract, with a real
// keychain and store, each check ends at its deadline in plain words or at once on Cancel, closes
// its connection, and stores nothing. The deadline is 3 s here instead of 30 s to keep CI fast.
//
// Runs in its own worker process, so setting DBUS_SESSION_BUS_ADDRESS before keytar is first
// loaded is what libsecret will use.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type * as Keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../main/config/app-config';
import { openSecretStore } from '../../main/secrets/open-secret-store';
import { keychainService } from '../../main/secrets/secret-store';
import { createServices } from '../../main/services/create-services';
import { recordingMailEngine } from '../../main/services/recording-mail-engine.test-support';
import { openDatabase, type Db } from '../../main/store/database';
import { createClient, type Client } from '../../shared/ipc/client';
import { createMemoryTransport } from '../../shared/ipc/memory-transport';
import { createEmitter, serve } from '../../shared/ipc/serve';
import { startKeyring } from '../stack/keyring';
import { createTestCa } from '../stack/test-ca';
import type { Keyring, ServerCertificate } from '../stack/types';
import { drippingTlsServer, type FakeServer } from './fake-imap-servers';

const require = createRequire(import.meta.url);
const keytar = () => require('keytar') as typeof Keytar;

const deadlineMs = 3_000;
const drips = [
  ['untagged lines', '* still thinking\r\n'],
  ['garbage', '\x00garbage\x7f '],
] as const;

let dir: string;
let keyring: Keyring;
let db: Db;
let certificate: ServerCertificate;
let client: Client;
const fakes: FakeServer[] = [];

beforeAll(async () => {
  expect(require.cache[require.resolve('keytar')], 'keytar was loaded before the bus was chosen').toBeUndefined();
  dir = await mkdtemp(path.join(os.tmpdir(), 'harbor-check-deadline-'));
  const ca = await createTestCa(path.join(dir, 'ca'));
  certificate = await ca.issue('dripping', ['IP:127.0.0.1']);
  keyring = await startKeyring(path.join(dir, 'keyring'));
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
  const secrets = await openSecretStore();
  expect(secrets.store.kind).toBe('keychain');

  const configDir = path.join(dir, 'config');
  await mkdir(configDir);
  await writeFile(path.join(configDir, 'config.json'), JSON.stringify({ extraTrustedCaFiles: [ca.caFile] }));
  db = openDatabase(path.join(configDir, 'harbor.db'));
  const { client: transport, host } = createMemoryTransport();
  serve(
    createServices({
      config: await loadAppConfig(configDir),
      host: 'browser',
      version: 'test',
      emitter: createEmitter(host),
      opener: { open: async () => undefined },
      db,
      secrets,
      bringToFront: () => undefined,
      serverCheckTimeoutMs: deadlineMs,
      startMailEngine: () => recordingMailEngine(),
      saveFile: async () => false,
      log: () => undefined,
    }),
    host,
  );
  client = createClient(transport);
}, 60_000);

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  db?.close();
  await keyring?.close();
  await rm(dir, { recursive: true, force: true });
});

async function dripping(drip: string): Promise<FakeServer> {
  const server = await drippingTlsServer(certificate, drip);
  fakes.push(server);
  return server;
}

const endpoint = (server: FakeServer) => ({ host: '127.0.0.1', port: server.port, security: 'tls' as const });
const signIn = (server: FakeServer) =>
  client.call('auth.signInWithPassword', {
    email: 'carol@harbor.test',
    password: 'app-password-0123',
    imap: endpoint(server),
  });
const probe = (server: FakeServer) => client.call('servers.probe', endpoint(server));

/** How `attempt` failed, and after how long. */
async function failure(attempt: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await attempt().then(
    () => new Error('the check succeeded'),
    (reason: unknown) => reason,
  );
  return { error, ms: Date.now() - started };
}

async function expectNothingStored(server: FakeServer) {
  expect(await client.call('accounts.list', {})).toEqual([]);
  expect(await keytar().findCredentials(keychainService('app-password'))).toEqual([]);
  // The IMAP attempt was ended, not left to run behind the answer.
  await expect.poll(() => server.openConnections(), { timeout: 1_000 }).toBe(0);
}

describe.each(drips)('a server that greets over TLS and then drips %s', (_, drip) => {
  it('ends the app-password sign-in at the deadline in plain words and stores nothing', async () => {
    const server = await dripping(drip);
    const { error, ms } = await failure(() => signIn(server));
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: `The server at 127.0.0.1:${server.port} did not answer the sign-in within 3 seconds.`,
    });
    expect(ms).toBeGreaterThanOrEqual(deadlineMs - 100);
    expect(ms).toBeLessThan(deadlineMs + 2_000);
    await expectNothingStored(server);
  }, 15_000);

  it('ends the server check at the deadline in plain words', async () => {
    const server = await dripping(drip);
    const { error, ms } = await failure(() => probe(server));
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: `The server at 127.0.0.1:${server.port} did not answer the server check within 3 seconds.`,
    });
    expect(ms).toBeGreaterThanOrEqual(deadlineMs - 100);
    expect(ms).toBeLessThan(deadlineMs + 2_000);
    await expectNothingStored(server);
  }, 15_000);
});

describe('Cancel during a check', () => {
  it('ends the app-password sign-in at once, says so, and stores nothing', async () => {
    const server = await dripping(drips[0][1]);
    const attempt = failure(() => signIn(server));
    await expect.poll(() => server.openConnections()).toBe(1);
    await delay(300);
    const cancelledAt = Date.now();
    expect(await client.call('servers.cancelCheck', {})).toEqual({ cancelled: true });
    const { error } = await attempt;
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    expect(error).toMatchObject({
      code: 'SIGN_IN_CANCELLED',
      message: 'The sign-in was cancelled; nothing was saved.',
    });
    await expectNothingStored(server);
  }, 10_000);

  it('ends the server check at once and says so', async () => {
    const server = await dripping(drips[1][1]);
    const attempt = failure(() => probe(server));
    await expect.poll(() => server.openConnections()).toBe(1);
    await delay(300);
    const cancelledAt = Date.now();
    expect(await client.call('servers.cancelCheck', {})).toEqual({ cancelled: true });
    const { error } = await attempt;
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'SIGN_IN_CANCELLED', message: 'The server check was cancelled.' });
    await expectNothingStored(server);
  }, 10_000);

  it('says when there was nothing to cancel', async () => {
    expect(await client.call('servers.cancelCheck', {})).toEqual({ cancelled: false });
  });
});
