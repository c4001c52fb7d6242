import { AppError } from '../../../shared/errors';
import type { PasswordAccounts } from '../../auth/password-sign-in';
import type { TokenManager } from '../../auth/token-manager';
import type { CredentialHandlers } from './engine-api';

/** The UI thread's answers to the engine's credential requests: the token manager and the keychain. */
export function engineCredentials(tokens: TokenManager, passwords: PasswordAccounts): CredentialHandlers {
  return {
    accessToken: ({ accountId }) => tokens.getAccessToken(accountId),
    invalidateAccessToken: async ({ accountId, refused }) => tokens.invalidateAccessToken(accountId, refused),
    requireSignIn: async ({ accountId, reason }) => {
      tokens.requireSignIn(accountId, reason);
    },
    password: ({ accountId }) => passwords.withPassword(accountId, async (password) => password),
    // A refusal inside withPassword is what marks the account "sign in again" with the right words.
    passwordRefused: ({ accountId }) =>
      passwords
        .withPassword(accountId, async () => {
          throw new AppError('SIGN_IN_REQUIRED', 'refused');
        })
        .catch(() => undefined),
  };
}
