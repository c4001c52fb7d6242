// Runs in its own worker process (vitest's default 'forks' pool with isolation), so setting
// DBUS_SESSION_BUS_ADDRESS here, before keytar is first loaded, is what libsecret will use.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecretStore } from '../../main/secrets/open-secret-store';
import type { SecretPurpose, SecretRef, SecretStore } from '../../main/secrets/secret-store';
import { startKeyring } from '../stack/keyring';
import type { Keyring } from '../stack/types';

const require = createRequire(import.meta.url);
const purposes: SecretPurpose[] = ['refresh-token', 'app-password', 'client-registration'];
const alice = 'sandbox:alice@harbor.test';
const bob = 'sandbox:bob@harbor.test';

let dir: string;
let keyring: Keyring;
let store: SecretStore;
let warning: string | null;

beforeAll(async () => {
  expect(require.cache[require.resolve('keytar')], 'keytar was loaded before the bus was chosen').toBeUndefined();
  dir = await mkdtemp(join(tmpdir(), 'harbor-secrets-'));
  keyring = await startKeyring(dir);
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
  ({ store, warning } = await openSecretStore());
});

afterAll(async () => {
  await keyring?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('keychain secret store over a real Secret Service', () => {
  it('opens the keychain without a warning', () => {
    expect(store.kind).toBe('keychain');
    expect(warning).toBeNull();
  });

  it.each(purposes)('stores, reads and deletes a %s', async (purpose) => {
    const ref: SecretRef = { accountId: alice, purpose };
    expect(await store.get(ref)).toBeNull();
    await store.set(ref, `${purpose} one`);
    await store.set(ref, `${purpose} two`);
    expect(await store.get(ref)).toBe(`${purpose} two`);
    expect(await store.delete(ref)).toBe(true);
    expect(await store.get(ref)).toBeNull();
    expect(await store.delete(ref)).toBe(false);
  });

  it('keeps accounts and purposes apart', async () => {
    await store.set({ accountId: alice, purpose: 'refresh-token' }, 'alice token');
    expect(await store.get({ accountId: bob, purpose: 'refresh-token' })).toBeNull();
    expect(await store.get({ accountId: alice, purpose: 'app-password' })).toBeNull();
    await store.set({ accountId: bob, purpose: 'refresh-token' }, 'bob token');
    expect(await store.delete({ accountId: bob, purpose: 'refresh-token' })).toBe(true);
    expect(await store.get({ accountId: alice, purpose: 'refresh-token' })).toBe('alice token');
    expect(await store.delete({ accountId: alice, purpose: 'refresh-token' })).toBe(true);
  });

  it('files the entry under "Harbor Mail <purpose>" and the account id, as a person browsing the keychain sees it', async () => {
    const keytar = require('keytar') as typeof Keytar;
    await store.set({ accountId: alice, purpose: 'refresh-token' }, 'visible token');
    expect(await keytar.findCredentials('Harbor Mail refresh-token')).toEqual([
      { account: alice, password: 'visible token' },
    ]);
    expect(await store.delete({ accountId: alice, purpose: 'refresh-token' })).toBe(true);
  });

  it('leaves no keychain-check entry behind', async () => {
    const keytar = require('keytar') as typeof Keytar;
    expect(await keytar.findCredentials('Harbor Mail keychain-check')).toEqual([]);
  });
});
