import type { ImapFlow } from 'imapflow';
import { isAppError } from '../../../shared/errors';
import type { NetworkTrust } from '../../auth/types';
import type { RpcPeer } from '../../workers/worker-rpc';
import { openImapSession, type ImapLogin, type ImapSessionOptions } from '../imap-session';
import { withAcceptedAccessToken } from '../oauth-login-retry';
import { credentialTokens } from './credential-tokens';
import type { CredentialHandlers, EngineAccount } from './engine-api';

/**
 * How the engine logs an account in: it asks the UI thread for one credential per attempt and
 * keeps none. OAuth goes through the one-renewal retry of a refused token; a refused app password
 * puts the account into "sign in again".
 */
export function createEngineLogin(
  credentials: RpcPeer<CredentialHandlers>,
  trust: NetworkTrust,
  log: (line: string) => void,
) {
  const tokens = credentialTokens(credentials, log);

  return async function connect(account: EngineAccount, options: ImapSessionOptions = {}): Promise<ImapFlow> {
    const login = { endpoint: account.imap, email: account.email };
    if (account.authKind === 'oauth') {
      return withAcceptedAccessToken(account, tokens, (accessToken) =>
        openImapSession({ ...login, accessToken }, trust, options),
      );
    }
    const password = await credentials.call('password', { accountId: account.id });
    try {
      return await openImapSession({ ...login, password }, trust, options);
    } catch (error) {
      if (isAppError(error) && error.code === 'SIGN_IN_REQUIRED') {
        await credentials.call('passwordRefused', { accountId: account.id });
      }
      throw error;
    }
  };
}

/**
 * The account's current credential as a login for a session on another thread (a header fill).
 * Nothing is retried there: when the server refuses it, the work falls back to `connect`'s session.
 */
export async function engineLoginOf(
  credentials: RpcPeer<CredentialHandlers>,
  account: EngineAccount,
): Promise<ImapLogin> {
  const login = { endpoint: account.imap, email: account.email };
  if (account.authKind === 'oauth') {
    return { ...login, accessToken: await credentials.call('accessToken', { accountId: account.id }) };
  }
  return { ...login, password: await credentials.call('password', { accountId: account.id }) };
}
