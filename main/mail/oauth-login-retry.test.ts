import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { createAccountRepository } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import { createTokenManager, grantRejectedReason, type AccountStateChange } from '../auth/token-manager';
import { InvalidGrantError, type RefreshTokens } from '../auth/types';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import { serverRefusedRenewedSignInReason, withAcceptedAccessToken } from './oauth-login-retry';
import { testAccount } from '../accounts/accounts.test-support';

const alice = testAccount;
const hour = 3_600_000;

/** A signed-in account whose cached access token the IMAP server may refuse (revoked there). */
async function setup(options: { refresh?: RefreshTokens } = {}) {
  const db = openDatabase(':memory:');
  const accounts = createAccountRepository(db);
  const activity = createActivityLog(db);
  const account = accounts.upsertOnSignIn(alice, Date.now());
  let issued = 0;
  const refresh = vi.fn<RefreshTokens>(
    options.refresh ??
      (async () => {
        issued += 1;
        return { accessToken: `access-${issued}`, expiresAt: Date.now() + hour, scopes: alice.scopes };
      }),
  );
  const tokens = createTokenManager({
    secrets: createSessionSecretStore(),
    accounts,
    activity,
    refresh,
    clientConfig: () => ({ issuer: alice.issuer, clientId: alice.clientId, scopes: alice.scopes }),
  });
  const changes: AccountStateChange[] = [];
  tokens.onStateChange((change) => changes.push(change));
  await tokens.adoptSignIn(account.id, {
    accessToken: 'access-revoked',
    refreshToken: 'refresh-alpha',
    expiresAt: Date.now() + hour,
    scopes: alice.scopes,
  });
  /** The IMAP login: refuses the tokens in `refused` as imapConnectError does, else answers with the token. */
  const refused = new Set(['access-revoked']);
  const login = vi.fn(async (accessToken: string) => {
    if (refused.has(accessToken)) {
      throw new AppError('SIGN_IN_REQUIRED', `The mail server ${alice.imap.host} did not accept the sign-in.`);
    }
    return `inbox via ${accessToken}`;
  });
  const run = () => withAcceptedAccessToken(account, tokens, login);
  const signInRequired = () => activity.list(account.id, 20).filter((entry) => entry.kind === 'sign-in-required');
  return { accounts, account, tokens, refresh, changes, refused, login, run, signInRequired };
}

describe('an IMAP login refusing an access token the app holds as valid', () => {
  it('is not touched while the server accepts the token', async () => {
    const t = await setup();
    t.refused.clear();
    expect(await t.run()).toBe('inbox via access-revoked');
    expect(t.login).toHaveBeenCalledOnce();
    expect(t.refresh).not.toHaveBeenCalled();
  });

  it('drops the cached token, refreshes once and retries once', async () => {
    const t = await setup();
    expect(await t.run()).toBe('inbox via access-1');
    expect(t.login.mock.calls.map(([token]) => token)).toEqual(['access-revoked', 'access-1']);
    expect(t.refresh).toHaveBeenCalledOnce();
    expect(t.changes).toEqual([]);
    expect(t.accounts.get(t.account.id)).toMatchObject({ status: 'active' });
    // The renewed token is the one kept: the next use needs no refresh.
    expect(await t.run()).toBe('inbox via access-1');
    expect(t.refresh).toHaveBeenCalledOnce();
  });

  it('makes one refresh for concurrent callers refused with the same token', async () => {
    const t = await setup();
    expect(await Promise.all([t.run(), t.run(), t.run()])).toEqual(Array(3).fill('inbox via access-1'));
    expect(t.refresh).toHaveBeenCalledOnce();
  });

  it('leaves a refresh refused with invalid_grant to the token manager: one "sign in again", no retry', async () => {
    const t = await setup({
      refresh: async () => {
        throw new InvalidGrantError('grant revoked');
      },
    });
    await expect(t.run()).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED', message: grantRejectedReason });
    expect(t.login).toHaveBeenCalledOnce();
    expect(t.refresh).toHaveBeenCalledOnce();
    expect(t.changes).toEqual([{ accountId: t.account.id, status: 'needs-sign-in', reason: grantRejectedReason }]);
    expect(t.signInRequired()).toHaveLength(1);
  });

  it('puts the account into "sign in again" with a plain reason when the renewed token is refused too, once', async () => {
    const t = await setup();
    t.refused.add('access-1');
    const reason = serverRefusedRenewedSignInReason(alice.imap.host);
    await expect(t.run()).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED', message: reason });
    expect(t.login).toHaveBeenCalledTimes(2);
    expect(t.refresh).toHaveBeenCalledOnce();
    expect(t.changes).toEqual([{ accountId: t.account.id, status: 'needs-sign-in', reason }]);
    expect(t.accounts.get(t.account.id)).toMatchObject({ status: 'needs-sign-in', statusReason: reason });
    expect(reason).toMatch(/Sign in again/);
    expect(reason).not.toMatch(/access-/);

    // No loop: later uses neither log in nor refresh until the person signs in again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(t.run()).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED', message: reason });
    }
    expect(t.login).toHaveBeenCalledTimes(2);
    expect(t.refresh).toHaveBeenCalledOnce();
    expect(t.changes).toHaveLength(1);
    expect(t.signInRequired()).toHaveLength(1);
  });

  it('passes any other failure through without a refresh', async () => {
    const t = await setup();
    t.login.mockRejectedValueOnce(new AppError('CONNECTION_FAILED', 'Could not reach 127.0.0.1.'));
    await expect(t.run()).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(t.login).toHaveBeenCalledOnce();
    expect(t.refresh).not.toHaveBeenCalled();
  });
});
