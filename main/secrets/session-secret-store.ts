import { checkSecretRef, checkSecretValue, type SecretRef, type SecretStore } from './secret-store';

/** Keeps secrets in memory only, for when no keychain is available: they end with the process. */
export function createSessionSecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  const keyOf = (ref: SecretRef): string => {
    checkSecretRef(ref);
    return JSON.stringify([ref.purpose, ref.accountId]);
  };
  return {
    kind: 'session-only',
    async get(ref) {
      return secrets.get(keyOf(ref)) ?? null;
    },
    async set(ref, value) {
      checkSecretValue(value);
      secrets.set(keyOf(ref), value);
    },
    async delete(ref) {
      return secrets.delete(keyOf(ref));
    },
  };
}
