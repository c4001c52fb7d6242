import { AppError } from '../../../shared/errors';
import type { PasswordAccounts } from '../../auth/password-sign-in';
import type { TokenManager } from '../../auth/token-manager';
import type { SecurityEvents } from '../../activity/security-events';
import type { CredentialHandlers } from './engine-api';

/** The UI thread's answers to the engine's credential requests: the token manager and the keychain. */
export function engineCredentials(
  tokens: TokenManager,
  passwords: PasswordAccounts,
  events: Pick<SecurityEvents, 'loginRefused'>,
): CredentialHandlers {
  return {
    accessToken: ({ accountId }) => tokens.getAccessToken(accountId),
    // Called when the IMAP server refused a login with that token.
    invalidateAccessToken: async ({ accountId, refused }) => {
      events.loginRefused(accountId, 'token');
      tokens.invalidateAccessToken(accountId, refused);
    },
    requireSignIn: async ({ accountId, reason }) => {
      tokens.requireSignIn(accountId, reason);
    },
    password: ({ accountId }) => passwords.withPassword(accountId, async (password) => password),
    // A refusal inside withPassword is what marks the account "sign in again" with the right words.
    passwordRefused: ({ accountId }) => {
      events.loginRefused(accountId, 'password');
      return passwords
        .withPassword(accountId, async () => {
          throw new AppError('SIGN_IN_REQUIRED', 'refused');
        })
        .catch(() => undefined);
    },
  };
}
