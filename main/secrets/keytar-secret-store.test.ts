import type * as NodeModule from 'node:module';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../shared/errors';
import { createKeytarSecretStore } from './keytar-secret-store';

const keytar = vi.hoisted(() => ({ getPassword: vi.fn(), setPassword: vi.fn(), deletePassword: vi.fn() }));
vi.mock('node:module', async (importOriginal) => ({
  ...(await importOriginal<typeof NodeModule>()),
  createRequire: () => () => keytar,
}));

const ref = { accountId: 'sandbox:alice@harbor.test', purpose: 'refresh-token' } as const;
const secret = 'refresh-8f2c1d7e';

describe('the keychain store', () => {
  beforeEach(() => {
    const locked = new Error('Cannot create an item in a locked collection');
    for (const call of Object.values(keytar)) call.mockReset().mockRejectedValue(locked);
  });

  it.each([
    ['store', () => createKeytarSecretStore().set(ref, secret)],
    ['read', () => createKeytarSecretStore().get(ref)],
    ['delete', () => createKeytarSecretStore().delete(ref)],
  ])('fails to %s as KEYCHAIN_UNAVAILABLE, in plain words without the secret', async (what, use) => {
    const error: unknown = await use().catch((caught: unknown) => caught);
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: `The system keychain could not ${what} the sign-in: Cannot create an item in a locked collection`,
    });
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});
