import { checkKeychain, createKeytarSecretStore, KeychainError } from './keytar-secret-store';
import type { SecretStore } from './secret-store';
import { createSessionSecretStore } from './session-secret-store';

export interface OpenedSecretStore {
  store: SecretStore;
  /** For the person, when sign-ins will not survive a restart; null when the keychain works. */
  warning: string | null;
}

/**
 * The keychain when a real round trip through it works, else a store that keeps secrets in
 * memory for this session only: refresh tokens are never written to disk in plaintext.
 */
export async function openSecretStore(): Promise<OpenedSecretStore> {
  try {
    await checkKeychain();
    return { store: createKeytarSecretStore(), warning: null };
  } catch (error) {
    const reason = error instanceof KeychainError ? error.reason : 'it could not be checked';
    return {
      store: createSessionSecretStore(),
      warning:
        `Your system keychain is not available (${reason}), so Harbor Mail keeps your sign-in ` +
        'only until you quit. You will sign in again next time.',
    };
  }
}
