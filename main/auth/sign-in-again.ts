// "Sign in again" starts from the stored account, never from what the renderer names: the account
// knows its provider, its address and, at a server found by its IMAP check, the servers.
import { AppError } from '../../shared/errors';
import { serverHostOf } from '../../shared/server-provider';
import type { Account } from '../accounts/account-repository';
import type { Provider } from './provider-catalog';
import { serverSignInTarget, type ServerSignInDependencies } from './server-sign-in';
import { presetSignInTarget, type SignInTarget } from './sign-in-service';

export interface SignInAgainDependencies {
  providers: Provider[];
  server: ServerSignInDependencies;
}

export const passwordAccountSignInAgainMessage = (email: string): string =>
  `${email} signs in with an app password, which Harbor Mail cannot renew by itself. Create a new app password at your mail provider, then add the account again with it ("Add account", then "Other mail server").`;

/** Where "Sign in again" goes for this account; an app-password account is refused in plain words. */
export function signInAgainTarget(account: Account, dependencies: SignInAgainDependencies): SignInTarget {
  if (account.authKind === 'password') {
    throw new AppError('INVALID_INPUT', passwordAccountSignInAgainMessage(account.email));
  }
  if (serverHostOf(account.providerId) !== null) {
    return serverSignInTarget({ email: account.email, imap: account.imap, smtp: account.smtp }, dependencies.server);
  }
  return presetSignInTarget(dependencies.providers, account.providerId, {
    loginHint: account.email,
    expectedEmail: account.email,
  });
}
