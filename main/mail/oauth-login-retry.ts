import { isAppError, type AppError } from '../../shared/errors';

/** What a refused OAuth login needs from the token manager. */
export interface AccessTokenSource {
  getAccessToken(accountId: string): Promise<string>;
  invalidateAccessToken(accountId: string, refused: string): void;
  requireSignIn(accountId: string, reason: string): AppError;
}

export const serverRefusedRenewedSignInReason = (host: string): string =>
  `The mail server ${host} no longer accepts Harbor Mail's sign-in for this account, even after it was renewed. This usually means access was removed at the provider or the account was changed there. Sign in again to continue. Drafts and the outbox are kept.`;

const refusedLogin = (error: unknown): boolean => isAppError(error) && error.code === 'SIGN_IN_REQUIRED';

/**
 * Runs a task that logs in with the account's access token. A server can refuse a token the app
 * still holds as valid (revoked at the server while cached here): the token is dropped, renewed once
 * and the task retried once. A failed renewal takes the token manager's own path (invalid_grant:
 * "sign in again"); a second refusal puts the account into "sign in again" here. Never more.
 */
export async function withAcceptedAccessToken<T>(
  account: { id: string; imap: { host: string } },
  tokens: AccessTokenSource,
  task: (accessToken: string) => Promise<T>,
): Promise<T> {
  const first = await tokens.getAccessToken(account.id);
  try {
    return await task(first);
  } catch (error) {
    if (!refusedLogin(error)) throw error;
  }
  tokens.invalidateAccessToken(account.id, first);
  const renewed = await tokens.getAccessToken(account.id);
  try {
    return await task(renewed);
  } catch (error) {
    if (!refusedLogin(error)) throw error;
    throw tokens.requireSignIn(account.id, serverRefusedRenewedSignInReason(account.imap.host));
  }
}
