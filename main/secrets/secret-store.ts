export type SecretPurpose = 'refresh-token' | 'app-password' | 'client-registration';

/** One secret of one account, e.g. `{ accountId: 'sandbox:alice@harbor.test', purpose: 'refresh-token' }`. */
export interface SecretRef {
  accountId: string;
  purpose: SecretPurpose;
}

/**
 * Where the app keeps secrets. Kept narrow so keytar, whose upstream is archived, can be
 * replaced by Electron's safeStorage without touching its callers.
 */
export interface SecretStore {
  /** 'session-only' forgets everything when the app quits. */
  readonly kind: 'keychain' | 'session-only';
  get(ref: SecretRef): Promise<string | null>;
  set(ref: SecretRef, value: string): Promise<void>;
  /** Resolves false when there was nothing to delete. */
  delete(ref: SecretRef): Promise<boolean>;
}

/** The keychain service name, so a person browsing their keychain sees the app and the purpose. */
export function keychainService(purpose: SecretPurpose): string {
  return `Harbor Mail ${purpose}`;
}

/** Every store refuses what the keychain cannot hold, so switching stores changes no behaviour. */
export function checkSecretRef(ref: SecretRef): void {
  if (ref.accountId === '') throw new Error('A secret needs the account it belongs to.');
}

export function checkSecretValue(value: string): void {
  if (value === '') throw new Error('An empty secret cannot be stored.');
}
