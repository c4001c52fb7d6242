import { AppError, isAppError } from '../../shared/errors';
import type { AccountRepository, AccountStatus } from '../accounts/account-repository';
import type { ActivityLog } from '../activity/activity-log';
import type { SecretRef, SecretStore } from '../secrets/secret-store';
import { InvalidGrantError, type OAuthClientConfig, type RefreshTokens, type TokenSet } from './types';

export interface AccountStateChange {
  accountId: string;
  status: AccountStatus;
  reason: string | null;
}

export type AccountStateListener = (change: AccountStateChange) => void;

export interface TokenManagerOptions {
  secrets: SecretStore;
  accounts: AccountRepository;
  activity: ActivityLog;
  refresh: RefreshTokens;
  clientConfig(accountId: string): OAuthClientConfig;
  now?: () => number;
  /** How long before expiry an access token is renewed; default 60 s. */
  refreshAheadMs?: number;
}

export interface TokenManager {
  /** Takes the tokens of a completed sign-in: the refresh token into the secret store, the access token into memory. */
  adoptSignIn(accountId: string, tokens: TokenSet): Promise<void>;
  /** A valid access token, refreshed first when it is close to expiry. Never logged, never sent over IPC. */
  getAccessToken(accountId: string): Promise<string>;
  /**
   * Drops the access token in memory when it is still `refused` (a server turned it down though it
   * had not expired), so the next getAccessToken() refreshes. A token renewed meanwhile is kept.
   */
  invalidateAccessToken(accountId: string, refused: string): void;
  /** Puts the account into "sign in again" with `reason` in plain words; returns the error to throw. */
  requireSignIn(accountId: string, reason: string): AppError;
  /**
   * Runs a sign-out or removal of the account once no refresh is in flight. Meanwhile no access token
   * is handed out (the grant is going away): a login racing the sign-out fails at once with
   * CONNECTION_FAILED instead of waiting for the sign-out, which waits for that login to stop.
   */
  whileLeaving<T>(accountId: string, task: () => Promise<T>): Promise<T>;
  onStateChange(listener: AccountStateListener): () => void;
  /** Drops what is held in memory for the account. */
  forget(accountId: string): void;
}

const keptData = 'Drafts and the outbox are kept.';

export const grantRejectedReason = `The provider no longer accepts Harbor Mail's sign-in for this account. This usually means access was removed in the provider's security settings, the password was changed, or the account was not used for several months. Sign in again to continue. ${keptData}`;

export const noSavedSignInReason = `Harbor Mail has no saved sign-in for this account: it was kept for one session only because no system keychain was available, or it was removed from the keychain. Sign in again to continue. ${keptData}`;

interface AccessToken {
  value: string;
  refreshAt: number;
}

// Transient on purpose: when the revocation fails the account stays, and its sync tries again.
const signingOut = (): AppError =>
  new AppError('CONNECTION_FAILED', 'This account is being signed out; it does not connect meanwhile.');

export const accountGone = (): AppError =>
  new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');

export const passwordAccountHasNoTokens = (): AppError =>
  new AppError('INVALID_INPUT', 'This account signs in with an app password; it has no access token to renew.');

const refreshTokenRef = (accountId: string): SecretRef => ({ accountId, purpose: 'refresh-token' });
const ignore = (): void => undefined;

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { secrets, accounts, activity, refresh, clientConfig } = options;
  const now = options.now ?? Date.now;
  const refreshAheadMs = options.refreshAheadMs ?? 60_000;
  const accessTokens = new Map<string, AccessToken>();
  /** Rotated refresh tokens the store refused: the newest of each grant, for this session only. */
  const unsavedRefreshTokens = new Map<string, string>();
  const refreshes = new Map<string, Promise<string>>();
  const locks = new Map<string, Promise<void>>();
  /** Sign-outs (or removals) under way per account. */
  const leaving = new Map<string, number>();
  const listeners = new Set<AccountStateListener>();

  function whileRefreshHeld<T>(accountId: string, task: () => Promise<T>): Promise<T> {
    const run = (locks.get(accountId) ?? Promise.resolve()).then(task);
    const settled = run.then(ignore, ignore);
    locks.set(accountId, settled);
    void settled.then(() => {
      if (locks.get(accountId) === settled) locks.delete(accountId);
    });
    return run;
  }

  function rememberAccessToken(accountId: string, tokens: TokenSet): void {
    // With short lifetimes (the sandbox issues 60 s tokens) renewing a full refreshAheadMs early
    // would renew on every call: renew no earlier than 90% into the token's life.
    const ahead = Math.min(refreshAheadMs, (tokens.expiresAt - now()) / 10);
    accessTokens.set(accountId, { value: tokens.accessToken, refreshAt: tokens.expiresAt - ahead });
  }

  function validAccessToken(accountId: string): string | null {
    const cached = accessTokens.get(accountId);
    return cached && now() < cached.refreshAt ? cached.value : null;
  }

  function changeStatus(accountId: string, status: AccountStatus, reason: string | null): void {
    accounts.setStatus(accountId, status, reason);
    for (const listener of listeners) listener({ accountId, status, reason });
  }

  function requireSignIn(accountId: string, reason: string): AppError {
    accessTokens.delete(accountId);
    changeStatus(accountId, 'needs-sign-in', reason);
    activity.record(accountId, 'sign-in-required', reason);
    return new AppError('SIGN_IN_REQUIRED', reason);
  }

  async function saveRefreshToken(accountId: string, refreshToken: string): Promise<void> {
    try {
      await secrets.set(refreshTokenRef(accountId), refreshToken);
      unsavedRefreshTokens.delete(accountId);
    } catch {
      // The server has already rotated the old token away: losing this one would lose the grant.
      unsavedRefreshTokens.set(accountId, refreshToken);
      const reason =
        'The renewed sign-in could not be saved in the system keychain; it is kept until you quit. Unlock the keychain so it can be saved.';
      activity.record(accountId, 'refresh-failed', reason);
      throw new AppError('KEYCHAIN_UNAVAILABLE', reason);
    }
  }

  async function refreshNow(accountId: string): Promise<string> {
    const account = accounts.get(accountId);
    if (!account) throw accountGone();
    // An app-password account has no tokens: nothing to refresh, and no token request may go out.
    if (account.authKind === 'password') throw passwordAccountHasNoTokens();
    if (account.status === 'needs-sign-in') {
      throw new AppError('SIGN_IN_REQUIRED', account.statusReason ?? grantRejectedReason);
    }
    const refreshToken = unsavedRefreshTokens.get(accountId) ?? (await secrets.get(refreshTokenRef(accountId)));
    if (refreshToken === null) throw requireSignIn(accountId, noSavedSignInReason);
    const config = clientConfig(accountId);
    let tokens: TokenSet;
    try {
      tokens = await refresh(config, refreshToken);
    } catch (error) {
      if (error instanceof InvalidGrantError) throw requireSignIn(accountId, grantRejectedReason);
      const failure = isAppError(error)
        ? error
        : new AppError(
            'CONNECTION_FAILED',
            `Could not reach ${new URL(config.issuer).host} to renew access to ${account.email}. Check the connection; Harbor Mail tries again when it next needs the mailbox.`,
          );
      activity.record(accountId, 'refresh-failed', `Access could not be renewed (${failure.code}).`);
      throw failure;
    }
    const rotatedToken = tokens.refreshToken !== refreshToken ? tokens.refreshToken : undefined;
    // A12: strict servers revoke the whole grant when a rotated-away refresh token comes back, so
    // the new one must be safe in the store before the new access token can be used.
    const toSave = rotatedToken ?? unsavedRefreshTokens.get(accountId);
    if (toSave !== undefined) await saveRefreshToken(accountId, toSave);
    rememberAccessToken(accountId, tokens);
    accounts.recordRefresh(accountId, now(), tokens.expiresAt);
    activity.record(
      accountId,
      'refresh',
      `Access renewed until ${new Date(tokens.expiresAt).toISOString()}${rotatedToken === undefined ? '' : '; the new refresh token was saved'}.`,
    );
    return tokens.accessToken;
  }

  return {
    // Under the refresh lock so a refresh of the previous grant cannot finish after this one and
    // overwrite the new refresh token.
    adoptSignIn: (accountId, tokens) =>
      whileRefreshHeld(accountId, async () => {
        const account = accounts.get(accountId);
        if (!account) throw accountGone();
        // When the server sent no refresh token (a repeat consent at some providers), the saved one stays.
        if (tokens.refreshToken !== undefined) {
          await secrets.set(refreshTokenRef(accountId), tokens.refreshToken);
          unsavedRefreshTokens.delete(accountId);
        }
        rememberAccessToken(accountId, tokens);
        accounts.recordAccessExpiry(accountId, tokens.expiresAt);
        if (account.status !== 'active') changeStatus(accountId, 'active', null);
        activity.record(accountId, 'sign-in', `Signed in with access to: ${tokens.scopes.join(' ')}.`);
      }),

    getAccessToken(accountId) {
      if (leaving.has(accountId)) return Promise.reject(signingOut());
      const valid = validAccessToken(accountId);
      if (valid !== null) return Promise.resolve(valid);
      let pending = refreshes.get(accountId);
      if (!pending) {
        // A sign-in adopted while this waited for the lock leaves nothing to refresh.
        pending = whileRefreshHeld(accountId, async () => validAccessToken(accountId) ?? refreshNow(accountId)).finally(
          () => refreshes.delete(accountId),
        );
        refreshes.set(accountId, pending);
      }
      return pending;
    },

    whileLeaving(accountId, task) {
      leaving.set(accountId, (leaving.get(accountId) ?? 0) + 1);
      return whileRefreshHeld(accountId, task).finally(() => {
        const left = leaving.get(accountId)! - 1;
        if (left === 0) leaving.delete(accountId);
        else leaving.set(accountId, left);
      });
    },

    invalidateAccessToken(accountId, refused) {
      if (accessTokens.get(accountId)?.value === refused) accessTokens.delete(accountId);
    },

    requireSignIn,

    onStateChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    forget(accountId) {
      accessTokens.delete(accountId);
      unsavedRefreshTokens.delete(accountId);
    },
  };
}
