import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { createAccountRepository, type SignedInAccount } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import type { SecretPurpose } from '../secrets/secret-store';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import { removeAccount, signOut } from './sign-out';
import { createTokenManager } from './token-manager';
import type { OAuthClientConfig, RefreshTokens, RevocationOutcome, RevokeToken } from './types';

const alice: SignedInAccount = {
  providerId: 'microsoft',
  email: 'alice@harbor.test',
  displayName: 'Alice',
  issuer: 'https://login.microsoftonline.com/common/v2.0',
  clientId: 'harbor-desktop',
  scopes: ['openid', 'offline_access'],
  imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
};
const bob: SignedInAccount = { ...alice, email: 'bob@harbor.test' };
const config: OAuthClientConfig = { issuer: alice.issuer, clientId: alice.clientId, scopes: alice.scopes };
const manageAccessUrl = 'https://account.live.com/consent/Manage';
const purposes: SecretPurpose[] = ['refresh-token', 'app-password', 'client-registration'];

async function setup(revokeWith: () => Promise<RevocationOutcome>, refresh?: RefreshTokens) {
  const db = openDatabase(':memory:');
  const accounts = createAccountRepository(db);
  const activity = createActivityLog(db);
  const secrets = createSessionSecretStore();
  const refreshFake = vi.fn<RefreshTokens>(
    refresh ?? (async () => ({ accessToken: 'access-beta', expiresAt: Date.now() + 3_600_000, scopes: [] })),
  );
  const tokenManager = createTokenManager({
    secrets,
    accounts,
    activity,
    refresh: refreshFake,
    clientConfig: () => config,
  });
  const accountId = accounts.upsertOnSignIn(alice, 1).id;
  const otherId = accounts.upsertOnSignIn(bob, 2).id;
  for (const id of [accountId, otherId]) {
    await tokenManager.adoptSignIn(id, {
      accessToken: `access-of-${id}`,
      refreshToken: `refresh-of-${id}`,
      expiresAt: Date.now() + 3_600_000,
      scopes: alice.scopes,
    });
    await secrets.set({ accountId: id, purpose: 'client-registration' }, 'registration');
    await secrets.set({ accountId: id, purpose: 'app-password' }, 'app-password');
  }
  /** What happened, in order: revocations and the sync's stop before deleting. */
  const steps: string[] = [];
  const revoke = vi.fn<RevokeToken>(async () => {
    steps.push('revoke');
    return revokeWith();
  });
  const dependencies = {
    secrets,
    accounts,
    activity,
    revoke,
    clientConfig: () => config,
    manageAccessUrl: () => manageAccessUrl,
    tokenManager,
    beforeDelete: async (id: string) => {
      steps.push(`stop sync of ${id === accountId ? 'the account' : id}`);
      expect(accounts.get(id)).not.toBeNull();
    },
  };
  const storedSecrets = async (id: string) =>
    Promise.all(purposes.map((purpose) => secrets.get({ accountId: id, purpose })));
  const kinds = (id: string) => activity.list(id, 20).map((entry) => entry.kind);
  return {
    accounts,
    activity,
    secrets,
    revoke,
    refreshFake,
    tokenManager,
    dependencies,
    accountId,
    otherId,
    storedSecrets,
    kinds,
    steps,
  };
}

describe('signOut', () => {
  it('revokes at the provider, then deletes every keychain entry and the local data (200)', async () => {
    const t = await setup(async () => 'revoked');
    await expect(signOut(t.accountId, t.dependencies)).resolves.toEqual({ outcome: 'revoked' });

    expect(t.revoke).toHaveBeenCalledExactlyOnceWith(config, `refresh-of-${t.accountId}`);
    // Revocation first; the sync stops only then, before anything is deleted.
    expect(t.steps).toEqual(['revoke', 'stop sync of the account']);
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
    expect(t.accounts.get(t.accountId)).toBeNull();
    // The earlier history went with the account; what remains says it was revoked and signed out.
    expect(t.kinds(t.accountId)).toEqual(['sign-out', 'revoked']);
    await expect(t.tokenManager.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(t.refreshFake).not.toHaveBeenCalled();

    expect(await t.storedSecrets(t.otherId)).toEqual([`refresh-of-${t.otherId}`, 'app-password', 'registration']);
    expect(t.kinds(t.otherId)).toEqual(['sign-in']);
  });

  it('keeps everything and never reports revoked when the provider answers 503', async () => {
    const t = await setup(async () => 'retry-later');
    await expect(signOut(t.accountId, t.dependencies)).rejects.toMatchObject({
      code: 'REVOCATION_PENDING',
      message: expect.stringMatching(/could not confirm.*Nothing was removed; try signing out again/),
    });
    expect(await t.storedSecrets(t.accountId)).toEqual([`refresh-of-${t.accountId}`, 'app-password', 'registration']);
    expect(t.accounts.get(t.accountId)?.status).toBe('active');
    expect(t.kinds(t.accountId)).toEqual(['revocation-pending', 'sign-in']);
    expect(t.steps).toEqual(['revoke']);
    expect(await t.tokenManager.getAccessToken(t.accountId)).toBe(`access-of-${t.accountId}`);
  });

  it('deletes locally and says where to remove access when the provider cannot revoke', async () => {
    const t = await setup(async () => 'unsupported');
    await expect(signOut(t.accountId, t.dependencies)).resolves.toEqual({ outcome: 'unsupported', manageAccessUrl });
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
    expect(t.accounts.get(t.accountId)).toBeNull();
    expect(t.kinds(t.accountId)).toEqual(['sign-out', 'revocation-unsupported']);
    expect(t.activity.list(t.accountId, 20)[1]?.detail).toContain(manageAccessUrl);
  });

  it('deletes nothing when the provider cannot be reached', async () => {
    const t = await setup(async () => {
      throw new TypeError(`fetch failed while sending token=refresh-of-microsoft:alice@harbor.test`);
    });
    const failure = await signOut(t.accountId, t.dependencies).catch((error: Error) => error);
    expect(failure).toMatchObject({ code: 'CONNECTION_FAILED', message: expect.stringMatching(/Nothing was removed/) });
    expect((failure as Error).message).not.toContain('refresh-of');
    expect(await t.storedSecrets(t.accountId)).toEqual([`refresh-of-${t.accountId}`, 'app-password', 'registration']);
    expect(t.accounts.get(t.accountId)).not.toBeNull();
    expect(t.kinds(t.accountId)).toEqual(['error', 'sign-in']);
    expect(
      t.activity
        .listRecent(20)
        .map((entry) => entry.detail)
        .join('\n'),
    ).not.toContain('refresh-of');
  });

  it('removes an account with no saved refresh token without calling the provider', async () => {
    const t = await setup(async () => 'revoked');
    await t.secrets.delete({ accountId: t.accountId, purpose: 'refresh-token' });
    await expect(signOut(t.accountId, t.dependencies)).resolves.toEqual({ outcome: 'no-token', manageAccessUrl });
    expect(t.revoke).not.toHaveBeenCalled();
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
    expect(t.accounts.get(t.accountId)).toBeNull();
    expect(t.kinds(t.accountId)).toEqual(['sign-out']);
  });

  it('waits for a refresh in flight and revokes the token it rotated to', async () => {
    const t = await setup(
      async () => 'revoked',
      async () => {
        await sleep(20);
        return {
          accessToken: 'access-beta',
          refreshToken: 'refresh-beta',
          expiresAt: Date.now() + 3_600_000,
          scopes: [],
        };
      },
    );
    t.tokenManager.forget(t.accountId);
    const refreshing = t.tokenManager.getAccessToken(t.accountId);
    await expect(signOut(t.accountId, t.dependencies)).resolves.toEqual({ outcome: 'revoked' });
    await expect(refreshing).resolves.toBe('access-beta');
    expect(t.revoke).toHaveBeenCalledExactlyOnceWith(config, 'refresh-beta');
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
  });

  it('refuses an unknown account', async () => {
    const t = await setup(async () => 'revoked');
    await expect(signOut('microsoft:nobody@harbor.test', t.dependencies)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('removeAccount', () => {
  it('after a failed sign-out, deletes every keychain entry and the local data without revoking', async () => {
    const t = await setup(async () => {
      throw new TypeError('getaddrinfo ENOTFOUND login.microsoftonline.com');
    });
    await expect(signOut(t.accountId, t.dependencies)).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    t.revoke.mockClear();

    await expect(removeAccount(t.accountId, t.dependencies)).resolves.toEqual({ manageAccessUrl });
    expect(t.revoke).not.toHaveBeenCalled();
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
    expect(t.accounts.get(t.accountId)).toBeNull();
    await expect(t.tokenManager.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(t.refreshFake).not.toHaveBeenCalled();
    expect(t.kinds(t.accountId)).toEqual(['removed-without-revoking']);
    expect(t.activity.list(t.accountId, 20)[0]?.detail).toMatch(
      new RegExp(`without revoking.*may still be granted at the provider; remove it at ${manageAccessUrl}`),
    );

    expect(await t.storedSecrets(t.otherId)).toEqual([`refresh-of-${t.otherId}`, 'app-password', 'registration']);
    expect(t.accounts.get(t.otherId)).not.toBeNull();
  });

  it('names the security settings when the provider has no page for it', async () => {
    const t = await setup(async () => 'retry-later');
    const dependencies = { ...t.dependencies, manageAccessUrl: () => null };
    await expect(removeAccount(t.accountId, dependencies)).resolves.toEqual({ manageAccessUrl: null });
    expect(t.revoke).not.toHaveBeenCalled();
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
    expect(t.activity.list(t.accountId, 20)[0]?.detail).toContain("remove it at the provider's security settings");
  });

  it('waits for a refresh in flight, so no rotated token is saved after the deletion', async () => {
    const t = await setup(
      async () => 'revoked',
      async () => {
        await sleep(20);
        return {
          accessToken: 'access-beta',
          refreshToken: 'refresh-beta',
          expiresAt: Date.now() + 3_600_000,
          scopes: [],
        };
      },
    );
    t.tokenManager.forget(t.accountId);
    const refreshing = t.tokenManager.getAccessToken(t.accountId);
    await removeAccount(t.accountId, t.dependencies);
    await expect(refreshing).resolves.toBe('access-beta');
    expect(await t.storedSecrets(t.accountId)).toEqual([null, null, null]);
    expect(t.revoke).not.toHaveBeenCalled();
  });

  it('refuses an unknown account', async () => {
    const t = await setup(async () => 'revoked');
    await expect(removeAccount('microsoft:nobody@harbor.test', t.dependencies)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
