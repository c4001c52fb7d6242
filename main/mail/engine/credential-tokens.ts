import { AppError } from '../../../shared/errors';
import { traced } from '../../logging/trace';
import type { RpcPeer } from '../../workers/worker-rpc';
import type { CredentialHandlers } from './engine-api';

/**
 * The engine's view of an account's OAuth tokens, for the one-renewal retry of a refused token:
 * asked of the UI thread one at a time. What the engine only reports (a refused token, "sign in
 * again") is not waited for, and a failure to report it is logged.
 */
export function credentialTokens(credentials: RpcPeer<CredentialHandlers>, log: (line: string) => void) {
  return {
    getAccessToken: (accountId: string) => credentials.call('accessToken', { accountId }),
    invalidateAccessToken: (accountId: string, refused: string) =>
      void traced(credentials.call('invalidateAccessToken', { accountId, refused }), 'reporting a refused token', log),
    requireSignIn: (accountId: string, reason: string) => {
      void traced(credentials.call('requireSignIn', { accountId, reason }), 'asking to sign in again', log);
      return new AppError('SIGN_IN_REQUIRED', reason);
    },
  };
}
