import { describe, expect, it } from 'vitest';
import { createSessionSecretStore } from './session-secret-store';

const alice = { accountId: 'sandbox:alice@harbor.test', purpose: 'refresh-token' } as const;
const bob = { accountId: 'sandbox:bob@harbor.test', purpose: 'refresh-token' } as const;

describe('session secret store', () => {
  it('says it keeps secrets for this session only', () => {
    expect(createSessionSecretStore().kind).toBe('session-only');
  });

  it('stores, replaces, reads and deletes a secret', async () => {
    const store = createSessionSecretStore();
    expect(await store.get(alice)).toBeNull();
    await store.set(alice, 'first');
    await store.set(alice, 'second');
    expect(await store.get(alice)).toBe('second');
    expect(await store.delete(alice)).toBe(true);
    expect(await store.get(alice)).toBeNull();
    expect(await store.delete(alice)).toBe(false);
  });

  it('keeps accounts and purposes apart', async () => {
    const store = createSessionSecretStore();
    await store.set(alice, 'alice token');
    await store.set({ ...alice, purpose: 'app-password' }, 'alice password');
    expect(await store.get(bob)).toBeNull();
    expect(await store.get({ ...alice, purpose: 'client-registration' })).toBeNull();
    expect(await store.get({ ...alice, purpose: 'app-password' })).toBe('alice password');
    expect(await store.delete(bob)).toBe(false);
    expect(await store.get(alice)).toBe('alice token');
  });

  it('does not confuse account ids that could run together with the purpose', async () => {
    const store = createSessionSecretStore();
    await store.set({ accountId: 'a","refresh-token', purpose: 'app-password' }, 'one');
    expect(await store.get({ accountId: 'a', purpose: 'refresh-token' })).toBeNull();
  });

  it('is not shared between stores', async () => {
    await createSessionSecretStore().set(alice, 'secret');
    expect(await createSessionSecretStore().get(alice)).toBeNull();
  });

  it('refuses an empty secret or an entry without an account, as the keychain does', async () => {
    const store = createSessionSecretStore();
    await expect(store.set(alice, '')).rejects.toThrow('empty secret');
    await expect(store.get({ ...alice, accountId: '' })).rejects.toThrow('account');
  });
});
