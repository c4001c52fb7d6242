// The fallback for mail servers without OAuth: an app password, checked by a real IMAP login over
// verified TLS, then kept in the secret store (the system keychain) and nowhere else. It is never
// logged, never part of an error, an activity entry or an IPC reply.
import { AppError, isAppError } from '../../shared/errors';
import type { ParsedPasswordSignInInput } from '../../shared/models';
import { passwordProviderId } from '../../shared/server-provider';
import { accountIdFor, type AccountRepository } from '../accounts/account-repository';
import type { ActivityLog } from '../activity/activity-log';
import { closeImapSession, openImapSession, type ImapLogin } from '../mail/imap-session';
import type { SecretRef, SecretStore } from '../secrets/secret-store';
import { withinDeadline, type CheckLimits } from '../servers/check-deadline';
import type { Endpoint } from './provider-presets';
import type { NetworkTrust } from './types';

export interface PasswordLogin {
  endpoint: Endpoint;
  email: string;
  password: string;
}

export interface PasswordAccountsDependencies {
  secrets: SecretStore;
  accounts: AccountRepository;
  activity: ActivityLog;
  /** Logs in with the password and out again; rejects with an AppError (SIGN_IN_REQUIRED when refused). */
  verifyLogin(login: PasswordLogin): Promise<void>;
  /** Told when an account's status changed (it needs a new sign-in, or is active again). */
  onStatusChange?: (accountId: string) => void;
  now?: () => number;
}

export interface PasswordAccounts {
  /** Verifies the password at the IMAP server, stores it, then creates (or updates) the account. */
  signIn(input: ParsedPasswordSignInInput): Promise<string>;
  /**
   * Runs `use` with the account's stored app password. A missing password, or one the server
   * refuses, puts the account into "sign in again" once.
   */
  withPassword<T>(accountId: string, use: (password: string) => Promise<T>): Promise<T>;
}

export const passwordRefusedMessage = 'The server did not accept this address and app password.';

const keptData = 'Drafts and the outbox are kept.';

export const noSavedPasswordReason = `Harbor Mail has no saved app password for this account: it was kept for one session only because no system keychain was available, or it was removed from the keychain. Add the account again with its app password. ${keptData}`;

export const passwordRejectedReason = `The mail server no longer accepts the saved app password for this account; it may have been deleted or replaced at your provider. Create a new app password there and add the account again. ${keptData}`;

const DEFAULT_SMTP = { port: 465, security: 'tls' } as const;

const passwordRef = (accountId: string): SecretRef => ({ accountId, purpose: 'app-password' });

/**
 * The real check: an IMAP login with the password over verified TLS (STARTTLS required when asked
 * for), ended by its deadline or the person's Cancel whatever the server sends.
 */
export function verifyImapPassword(login: PasswordLogin, trust: NetworkTrust, limits: CheckLimits = {}): Promise<void> {
  const imapLogin: ImapLogin = { endpoint: login.endpoint, email: login.email, password: login.password };
  return withinDeadline(login.endpoint, 'sign-in', limits, async (signal) => {
    await closeImapSession(await openImapSession(imapLogin, trust, { signal }));
  });
}

export function createPasswordAccounts(dependencies: PasswordAccountsDependencies): PasswordAccounts {
  const { secrets, accounts, activity } = dependencies;
  const now = dependencies.now ?? Date.now;

  function requireSignIn(accountId: string, reason: string): AppError {
    accounts.setStatus(accountId, 'needs-sign-in', reason);
    activity.record(accountId, 'sign-in-required', reason);
    dependencies.onStatusChange?.(accountId);
    return new AppError('SIGN_IN_REQUIRED', reason);
  }

  return {
    async signIn(input) {
      const { email, imap } = input;
      const smtp = input.smtp ?? { host: imap.host, ...DEFAULT_SMTP };
      try {
        await dependencies.verifyLogin({ endpoint: imap, email, password: input.password });
      } catch (error) {
        if (isAppError(error) && error.code === 'SIGN_IN_REQUIRED')
          throw new AppError('SIGN_IN_FAILED', passwordRefusedMessage);
        if (isAppError(error)) throw error;
        throw new AppError('CONNECTION_FAILED', `Could not check the app password at ${imap.host}.`);
      }

      const providerId = passwordProviderId(imap.host);
      const accountId = accountIdFor(providerId, email);
      // The secret first: an account row never exists without its password behind it.
      const previous = await secrets.get(passwordRef(accountId)).catch(() => null);
      try {
        await secrets.set(passwordRef(accountId), input.password);
      } catch {
        throw new AppError(
          'KEYCHAIN_UNAVAILABLE',
          'The app password could not be saved in the system keychain, so the account was not added. Unlock the keychain and try again.',
        );
      }
      try {
        accounts.upsertOnSignIn(
          {
            providerId,
            email,
            displayName: null,
            issuer: '',
            clientId: '',
            scopes: [],
            imap,
            smtp,
            authKind: 'password',
          },
          now(),
        );
      } catch {
        // Put the keychain back as it was, so a failed sign-in leaves nothing behind.
        if (previous === null) await secrets.delete(passwordRef(accountId)).catch(() => false);
        else await secrets.set(passwordRef(accountId), previous).catch(() => undefined);
        throw new AppError('INTERNAL', 'The account could not be saved on this computer; nothing was kept.');
      }
      const account = accounts.get(accountId);
      if (account && account.status !== 'active') {
        accounts.setStatus(accountId, 'active', null);
        dependencies.onStatusChange?.(accountId);
      }
      const where =
        secrets.kind === 'keychain'
          ? 'the system keychain'
          : 'memory for this session only, because no system keychain is available';
      activity.record(accountId, 'sign-in', `Signed in to ${imap.host} with an app password, kept in ${where}.`);
      return accountId;
    },

    async withPassword(accountId, use) {
      const account = accounts.get(accountId);
      if (!account) throw new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');
      if (account.status === 'needs-sign-in') {
        throw new AppError('SIGN_IN_REQUIRED', account.statusReason ?? passwordRejectedReason);
      }
      const password = await secrets.get(passwordRef(accountId));
      if (password === null) throw requireSignIn(accountId, noSavedPasswordReason);
      try {
        return await use(password);
      } catch (error) {
        if (isAppError(error) && error.code === 'SIGN_IN_REQUIRED')
          throw requireSignIn(accountId, passwordRejectedReason);
        throw error;
      }
    },
  };
}
