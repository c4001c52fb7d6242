import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Keytar from 'keytar';
import { AppError } from '../../shared/errors';
import { checkSecretRef, checkSecretValue, keychainService, type SecretStore } from './secret-store';

const CHECK_SERVICE = 'Harbor Mail keychain-check';

/** A keychain failure. keytar's messages come from libsecret and D-Bus and never carry the secret. */
export class KeychainError extends AppError {
  constructor(
    what: string,
    /** What the keychain said, for the warning shown to the person. */
    readonly reason: string,
  ) {
    super('KEYCHAIN_UNAVAILABLE', `${what}: ${reason}`);
    this.name = 'KeychainError';
  }
}

let keytar: typeof Keytar | undefined;

// Loaded on first use, so importing this module never loads the native addon (which may be
// missing, or built for another ABI).
function loadKeytar(): typeof Keytar {
  keytar ??= createRequire(import.meta.url)('keytar') as typeof Keytar;
  return keytar;
}

async function inKeychain<T>(what: string, call: (keytar: typeof Keytar) => Promise<T>): Promise<T> {
  try {
    return await call(loadKeytar());
  } catch (error) {
    throw new KeychainError(what, error instanceof Error ? error.message : 'unknown error');
  }
}

/** Secrets in the system keychain through keytar: service `Harbor Mail <purpose>`, account = account id. */
export function createKeytarSecretStore(): SecretStore {
  return {
    kind: 'keychain',
    async get(ref) {
      checkSecretRef(ref);
      return inKeychain('The system keychain could not read the sign-in', (k) =>
        k.getPassword(keychainService(ref.purpose), ref.accountId),
      );
    },
    async set(ref, value) {
      checkSecretRef(ref);
      checkSecretValue(value);
      await inKeychain('The system keychain could not store the sign-in', (k) =>
        k.setPassword(keychainService(ref.purpose), ref.accountId, value),
      );
    },
    async delete(ref) {
      checkSecretRef(ref);
      return inKeychain('The system keychain could not delete the sign-in', (k) =>
        k.deletePassword(keychainService(ref.purpose), ref.accountId),
      );
    },
  };
}

/** Proves the keychain works with a real store, read and delete of a random entry; throws KeychainError if not. */
export async function checkKeychain(): Promise<void> {
  const account = `check-${randomBytes(8).toString('hex')}`;
  const value = randomBytes(16).toString('hex');
  const what = 'The system keychain could not be checked';
  const readBack = await inKeychain(what, async (k) => {
    await k.setPassword(CHECK_SERVICE, account, value);
    return k.getPassword(CHECK_SERVICE, account);
  });
  const deleted = await inKeychain(what, (k) => k.deletePassword(CHECK_SERVICE, account));
  if (readBack !== value) throw new KeychainError(what, 'it did not give back what was stored');
  if (!deleted) throw new KeychainError(what, 'it did not delete the test entry');
}
