import { AppError, isAppError } from '../../shared/errors';
import type { AccountRepository } from '../accounts/account-repository';
import type { ActivityLog } from '../activity/activity-log';
import type { SecretPurpose, SecretStore } from '../secrets/secret-store';
import { accountGone, type TokenManager } from './token-manager';
import type { OAuthClientConfig, RevocationOutcome, RevokeToken } from './types';

export interface SignOutDependencies {
  secrets: SecretStore;
  accounts: AccountRepository;
  activity: ActivityLog;
  revoke: RevokeToken;
  clientConfig(accountId: string): OAuthClientConfig;
  /** The provider's page where a person removes an app's access, when it has one. */
  manageAccessUrl(accountId: string): string | null;
  tokenManager: TokenManager;
  /** Runs after a confirmed revocation (or none needed) and before anything is deleted: stop the account's sync. */
  beforeDelete(accountId: string): Promise<void>;
}

export interface SignOutResult {
  /** 'retry-later' is never returned: it rejects with REVOCATION_PENDING and nothing is removed. */
  outcome: Exclude<RevocationOutcome, 'retry-later'> | 'no-token';
  /** Where to remove access by hand, when the app could not revoke it itself. */
  manageAccessUrl?: string;
}

// A Record rather than a list so that a new purpose fails to compile until sign-out deletes it too.
const everyPurpose = Object.keys({
  'refresh-token': true,
  'app-password': true,
  'client-registration': true,
} satisfies Record<SecretPurpose, true>) as SecretPurpose[];

/**
 * Revokes the account's grant at the provider (RFC 7009), then deletes its keychain entries and
 * local data. Nothing is deleted unless the provider confirmed, has no revocation endpoint, or
 * there is no saved token to revoke.
 */
export function signOut(accountId: string, dependencies: SignOutDependencies): Promise<SignOutResult> {
  // Holding refreshes means the token revoked is the latest one and no rotation lands after deletion.
  return dependencies.tokenManager.whileLeaving(accountId, () => revokeThenRemove(accountId, dependencies));
}

async function revokeThenRemove(accountId: string, dependencies: SignOutDependencies): Promise<SignOutResult> {
  const { secrets, accounts, activity } = dependencies;
  const account = accounts.get(accountId);
  if (!account) throw accountGone();
  const refreshToken =
    account.authKind === 'password' ? null : await secrets.get({ accountId, purpose: 'refresh-token' });
  const outcome = refreshToken === null ? 'no-token' : await revokeAtProvider(accountId, refreshToken, dependencies);
  if (outcome === 'retry-later') {
    activity.record(
      accountId,
      'revocation-pending',
      'The provider could not confirm that access was revoked; the account stays signed in until sign-out is tried again.',
    );
    throw new AppError(
      'REVOCATION_PENDING',
      `The provider could not confirm that Harbor Mail's access to ${account.email} was revoked. Nothing was removed; try signing out again in a few minutes.`,
    );
  }

  await deleteFromThisComputer(accountId, dependencies);

  const manageAccessUrl = dependencies.manageAccessUrl(accountId);
  if (account.authKind === 'password') {
    // An app password is no grant the app could revoke: only the person can delete it at the provider.
    activity.record(
      accountId,
      'sign-out',
      'Signed out: the app password was removed from the keychain and the local data of this account was deleted. There was nothing for Harbor Mail to revoke; the app password itself works until you delete it at your mail provider.',
    );
    return manageAccessUrl === null ? { outcome } : { outcome, manageAccessUrl };
  }
  recordSignOut(activity, accountId, outcome, manageAccessUrl);
  return outcome === 'revoked' || manageAccessUrl === null ? { outcome } : { outcome, manageAccessUrl };
}

export type RemoveAccountDependencies = Pick<
  SignOutDependencies,
  'secrets' | 'accounts' | 'activity' | 'manageAccessUrl' | 'tokenManager' | 'beforeDelete'
>;

/**
 * The way out when revocation keeps failing (the provider is down, gone, or refuses the client):
 * deletes the keychain entries and local data without asking the provider anything. The grant may
 * still be live there, so the activity log says where to remove it.
 */
export function removeAccount(
  accountId: string,
  dependencies: RemoveAccountDependencies,
): Promise<{ manageAccessUrl: string | null }> {
  return dependencies.tokenManager.whileLeaving(accountId, async () => {
    const account = dependencies.accounts.get(accountId);
    if (!account) throw accountGone();
    const manageAccessUrl = dependencies.manageAccessUrl(accountId);
    await deleteFromThisComputer(accountId, dependencies);
    const where = manageAccessUrl ?? "the provider's security settings";
    const stillGranted =
      account.authKind === 'password'
        ? `The app password keeps working until you delete it at ${where}.`
        : `Harbor Mail's access may still be granted at the provider; remove it at ${where}.`;
    dependencies.activity.record(
      accountId,
      'removed-without-revoking',
      `Removed from this computer without revoking: the keychain entries and local data of this account were deleted. ${stillGranted}`,
    );
    return { manageAccessUrl };
  });
}

async function deleteFromThisComputer(
  accountId: string,
  { secrets, accounts, tokenManager, beforeDelete }: RemoveAccountDependencies,
): Promise<void> {
  await beforeDelete(accountId);
  for (const purpose of everyPurpose) await secrets.delete({ accountId, purpose });
  accounts.deleteWithLocalData(accountId);
  tokenManager.forget(accountId);
}

function recordSignOut(
  activity: ActivityLog,
  accountId: string,
  outcome: SignOutResult['outcome'],
  manageAccessUrl: string | null,
): void {
  const where = manageAccessUrl ?? "the provider's security settings";
  if (outcome === 'revoked') activity.record(accountId, 'revoked', "Harbor Mail's access was revoked at the provider.");
  if (outcome === 'unsupported') {
    activity.record(
      accountId,
      'revocation-unsupported',
      `The provider offers apps no way to revoke access; remove Harbor Mail's access at ${where}.`,
    );
  }
  const revocationNote =
    outcome === 'no-token' ? ` No saved sign-in was left to revoke; to be sure access is gone, check ${where}.` : '';
  activity.record(
    accountId,
    'sign-out',
    `Signed out: the keychain entries and local data of this account were deleted.${revocationNote}`,
  );
}

async function revokeAtProvider(
  accountId: string,
  refreshToken: string,
  { revoke, clientConfig, activity }: SignOutDependencies,
): Promise<RevocationOutcome> {
  const config = clientConfig(accountId);
  try {
    return await revoke(config, refreshToken);
  } catch (error) {
    const failure = isAppError(error)
      ? error
      : new AppError(
          'CONNECTION_FAILED',
          `Could not reach ${new URL(config.issuer).host} to revoke access. Nothing was removed; check the connection and sign out again.`,
        );
    activity.record(accountId, 'error', `Sign-out stopped before anything was removed (${failure.code}).`);
    throw failure;
  }
}
