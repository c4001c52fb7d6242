import { AppError } from '../../../shared/errors';
import { createAccountRepository } from '../../accounts/account-repository';
import type { NetworkTrust } from '../../auth/types';
import type { Db } from '../../store/database';
import type { RpcPeer } from '../../workers/worker-rpc';
import { credentialTokens } from '../engine/credential-tokens';
import type { CredentialHandlers } from '../engine/engine-api';
import { withAcceptedAccessToken } from '../oauth-login-retry';
import { sendOverSmtp, SmtpSendError, type SmtpEnvelope } from './smtp-send';

const accountGone = () => new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');

/** A refused login (535 and the like), but not an administrator's "SMTP AUTH is off" (5.7.139). */
const refusedLogin = (error: unknown) =>
  error instanceof SmtpSendError && error.code === 'EAUTH' && !/5\.7\.139/.test(error.response);

/**
 * Submission for the engine: the account's SMTP server from the store, one credential per attempt
 * from the UI thread. A refused token is renewed once (then "sign in again"); a refused app
 * password puts the account into "sign in again" at once.
 */
export function createSmtpSubmit(
  credentials: RpcPeer<CredentialHandlers>,
  trust: NetworkTrust,
  db: Db,
  log: (line: string) => void,
) {
  const accounts = createAccountRepository(db);
  const tokens = credentialTokens(credentials, log);
  const asSignIn = (error: unknown, host: string) =>
    refusedLogin(error)
      ? new AppError('SIGN_IN_REQUIRED', `The mail server ${host} did not accept the sign-in.`)
      : error;

  return async function submit(accountId: string, wire: { envelope: SmtpEnvelope; raw: Uint8Array }): Promise<void> {
    const account = accounts.get(accountId);
    if (!account) throw accountGone();
    const login = { endpoint: account.smtp, email: account.email };
    if (account.authKind === 'oauth') {
      await withAcceptedAccessToken({ id: account.id, imap: account.smtp }, tokens, async (accessToken) => {
        try {
          await sendOverSmtp({ ...login, accessToken }, trust, wire.envelope, wire.raw);
        } catch (error) {
          throw asSignIn(error, account.smtp.host);
        }
      });
      return;
    }
    const password = await credentials.call('password', { accountId });
    try {
      await sendOverSmtp({ ...login, password }, trust, wire.envelope, wire.raw);
    } catch (error) {
      if (refusedLogin(error)) {
        await credentials.call('passwordRefused', { accountId });
        throw asSignIn(error, account.smtp.host);
      }
      throw error;
    }
  };
}

export type SmtpSubmit = ReturnType<typeof createSmtpSubmit>;
