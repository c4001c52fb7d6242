import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { createAccountRepository } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import type { SecretStore } from '../secrets/secret-store';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase, type Db } from '../store/database';
import { createTokenManager, grantRejectedReason, noSavedSignInReason, type AccountStateChange } from './token-manager';
import { InvalidGrantError, type OAuthClientConfig, type RefreshTokens, type TokenSet } from './types';
import { testAccount } from '../accounts/accounts.test-support';

const alice = testAccount;
const config: OAuthClientConfig = { issuer: alice.issuer, clientId: alice.clientId, scopes: alice.scopes };
const minute = 60_000;
const start = 1_700_000_000_000;

/** Token values that the redaction rules would not catch, so a leak shows up in the scans. */
const signInTokens = { accessToken: 'access-alpha', refreshToken: 'refresh-alpha' };

/** The session store, with a clock of writes and an optional slow or failing set(). */
function recordingSecrets(options: { setDelayMs?: number; failSet?: boolean } = {}) {
  const inner = createSessionSecretStore();
  const events: string[] = [];
  const secrets: SecretStore = {
    kind: inner.kind,
    get: (ref) => inner.get(ref),
    delete: (ref) => inner.delete(ref),
    async set(ref, value) {
      if (options.setDelayMs) await sleep(options.setDelayMs);
      if (options.failSet) throw new AppError('KEYCHAIN_UNAVAILABLE', 'The keychain is locked.');
      await inner.set(ref, value);
      events.push(`stored ${value}`);
    },
  };
  return { secrets, events };
}

function setup(options: { refresh?: RefreshTokens; secrets?: SecretStore; db?: Db; refreshAheadMs?: number } = {}) {
  let time = start;
  const db = options.db ?? openDatabase(':memory:');
  const accounts = createAccountRepository(db);
  const activity = createActivityLog(db, { now: () => time });
  const accountId = accounts.upsertOnSignIn(alice, time).id;
  const secrets = options.secrets ?? createSessionSecretStore();
  let issued = 0;
  const refresh = vi.fn<RefreshTokens>(
    options.refresh ??
      (async () => {
        issued += 1;
        return {
          accessToken: `access-${issued}`,
          refreshToken: `refresh-${issued}`,
          expiresAt: time + 60 * minute,
          scopes: alice.scopes,
        };
      }),
  );
  const manager = createTokenManager({
    secrets,
    accounts,
    activity,
    refresh,
    clientConfig: () => config,
    now: () => time,
    ...(options.refreshAheadMs === undefined ? {} : { refreshAheadMs: options.refreshAheadMs }),
  });
  const changes: AccountStateChange[] = [];
  manager.onStateChange((change) => changes.push(change));
  const signIn = (lifetimeMs = 60 * minute): Promise<void> =>
    manager.adoptSignIn(accountId, { ...signInTokens, expiresAt: time + lifetimeMs, scopes: alice.scopes });
  return {
    db,
    accounts,
    activity,
    secrets,
    refresh,
    manager,
    accountId,
    changes,
    signIn,
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

const refreshRef = (accountId: string) => ({ accountId, purpose: 'refresh-token' as const });

describe('token manager', () => {
  it('adopts a sign-in: refresh token stored, access token served from memory', async () => {
    const t = setup();
    await t.signIn();
    expect(await t.secrets.get(refreshRef(t.accountId))).toBe('refresh-alpha');
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-alpha');
    expect(t.refresh).not.toHaveBeenCalled();
    expect(t.accounts.get(t.accountId)?.accessExpiresAt).toBe(t.now() + 60 * minute);
    expect(t.activity.list(t.accountId, 10).map((entry) => entry.kind)).toEqual(['sign-in']);
  });

  it('keeps nothing in memory when the refresh token could not be stored first', async () => {
    const t = setup({ secrets: recordingSecrets({ failSet: true }).secrets });
    await expect(t.signIn()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(t.manager.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    expect(t.refresh).not.toHaveBeenCalled();
  });

  it('brings accounts back silently at start and refreshes only when a token is needed', async () => {
    const db = openDatabase(':memory:');
    const secrets = createSessionSecretStore();
    await setup({ db, secrets }).signIn();

    const restarted = setup({ db, secrets });
    await sleep(5);
    expect(restarted.refresh).not.toHaveBeenCalled();
    expect(await restarted.manager.getAccessToken(restarted.accountId)).toBe('access-1');
    expect(restarted.refresh).toHaveBeenCalledExactlyOnceWith(config, 'refresh-alpha');
  });

  it('runs one refresh for 20 concurrent callers', async () => {
    const t = setup({
      refresh: async () => (
        await sleep(10),
        { accessToken: 'access-beta', expiresAt: start + 2 * 60 * minute, scopes: [] }
      ),
    });
    await t.signIn(0);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => t.manager.getAccessToken(t.accountId)));
    expect(new Set(tokens)).toEqual(new Set(['access-beta']));
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('stores a rotated refresh token before any caller gets the new access token', async () => {
    const { secrets, events } = recordingSecrets({ setDelayMs: 20 });
    const t = setup({ secrets });
    await t.signIn();
    events.length = 0;
    t.advance(60 * minute);

    await Promise.all(
      ['imap', 'smtp'].map(async (caller) => {
        const token = await t.manager.getAccessToken(t.accountId);
        events.push(`${caller} got ${token}`);
      }),
    );
    expect(events).toEqual(['stored refresh-1', 'imap got access-1', 'smtp got access-1']);

    t.advance(60 * minute);
    await t.manager.getAccessToken(t.accountId);
    expect(t.refresh).toHaveBeenLastCalledWith(config, 'refresh-1');
    expect(t.accounts.get(t.accountId)).toMatchObject({
      lastRefreshAt: t.now(),
      accessExpiresAt: t.now() + 60 * minute,
    });
  });

  it('keeps a rotated refresh token the keychain refused for the session, and says so without the token', async () => {
    const keychain = { failSet: false };
    const { secrets } = recordingSecrets(keychain);
    const t = setup({ secrets });
    await t.signIn(0);
    keychain.failSet = true;

    for (const [attempt, sent] of ['refresh-alpha', 'refresh-1'].entries()) {
      await expect(t.manager.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
      expect(t.refresh).toHaveBeenCalledTimes(attempt + 1);
      expect(t.refresh).toHaveBeenLastCalledWith(config, sent);
    }
    const entry = t.activity.list(t.accountId, 1)[0];
    expect(entry).toMatchObject({ kind: 'refresh-failed', detail: expect.stringContaining('system keychain') });
    expect(entry?.detail).not.toMatch(/refresh-\d/);

    keychain.failSet = false;
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-3');
    expect(t.refresh).toHaveBeenLastCalledWith(config, 'refresh-2');
    expect(await secrets.get(refreshRef(t.accountId))).toBe('refresh-3');
  });

  it('saves a kept refresh token once the keychain works, even when the server does not rotate again', async () => {
    const keychain = { failSet: false };
    const { secrets } = recordingSecrets(keychain);
    let rotate = true;
    const t = setup({
      secrets,
      refresh: async () => ({
        accessToken: 'access-beta',
        ...(rotate ? { refreshToken: 'refresh-beta' } : {}),
        expiresAt: start + 60 * minute,
        scopes: [],
      }),
    });
    await t.signIn(0);
    keychain.failSet = true;
    await expect(t.manager.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });

    keychain.failSet = false;
    rotate = false;
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-beta');
    expect(t.refresh).toHaveBeenLastCalledWith(config, 'refresh-beta');
    expect(await secrets.get(refreshRef(t.accountId))).toBe('refresh-beta');
  });

  it('keeps the old refresh token when the server does not rotate', async () => {
    const { secrets, events } = recordingSecrets();
    const t = setup({
      secrets,
      refresh: async () => ({ accessToken: 'access-beta', expiresAt: start + 3 * 60 * minute, scopes: [] }),
    });
    await t.signIn(0);
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-beta');
    expect(events).toEqual(['stored refresh-alpha']);
    expect(await secrets.get(refreshRef(t.accountId))).toBe('refresh-alpha');
  });

  it('refreshes refreshAheadMs before expiry, by the injected clock', async () => {
    const t = setup({ refreshAheadMs: 2 * minute });
    await t.signIn(60 * minute);
    t.advance(58 * minute - 1);
    await t.manager.getAccessToken(t.accountId);
    expect(t.refresh).not.toHaveBeenCalled();
    t.advance(1);
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('makes one token request per lifetime of short-lived tokens, with IMAP and SMTP asking every second', async () => {
    let time = start;
    const t = setup({
      refresh: async () => ({
        accessToken: `access-${time}`,
        refreshToken: `refresh-${time}`,
        expiresAt: time + minute,
        scopes: [],
      }),
    });
    await t.signIn(minute);
    for (let second = 0; second < 600; second += 1) {
      await Promise.all([t.manager.getAccessToken(t.accountId), t.manager.getAccessToken(t.accountId)]);
      t.advance(1000);
      time = t.now();
    }
    // Renewed 6 s before each expiry (54 s into every 60 s token): at 54 s, 108 s, ..., 594 s.
    expect(t.refresh).toHaveBeenCalledTimes(11);
  });

  it('turns invalid_grant into one sign-in-required state, even for 10 concurrent callers, and never retries', async () => {
    const t = setup({
      refresh: async () => {
        await sleep(10);
        throw new InvalidGrantError('grant request is invalid');
      },
    });
    await t.signIn(0);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => t.manager.getAccessToken(t.accountId)));
    for (const result of results) {
      expect(result).toMatchObject({
        status: 'rejected',
        reason: { code: 'SIGN_IN_REQUIRED', message: grantRejectedReason },
      });
    }
    expect(grantRejectedReason).toMatch(/removed .*password was changed.*not used for several months/);
    expect(t.refresh).toHaveBeenCalledTimes(1);
    expect(t.changes).toEqual([{ accountId: t.accountId, status: 'needs-sign-in', reason: grantRejectedReason }]);
    expect(t.activity.list(t.accountId, 10).filter((entry) => entry.kind === 'sign-in-required')).toHaveLength(1);
    expect(t.accounts.get(t.accountId)).toMatchObject({ status: 'needs-sign-in', statusReason: grantRejectedReason });

    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(t.manager.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    }
    expect(t.refresh).toHaveBeenCalledTimes(1);
    expect(t.changes).toHaveLength(1);
    // Nothing is deleted: the account and its saved secret stay until the user signs in again.
    expect(await t.secrets.get(refreshRef(t.accountId))).toBe('refresh-alpha');

    const restarted = createTokenManager({
      secrets: t.secrets,
      accounts: t.accounts,
      activity: t.activity,
      refresh: t.refresh,
      clientConfig: () => config,
    });
    await expect(restarted.getAccessToken(t.accountId)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('asks for a new sign-in when no refresh token was kept (session-only store after a restart)', async () => {
    const t = setup();
    await expect(t.manager.getAccessToken(t.accountId)).rejects.toMatchObject({
      code: 'SIGN_IN_REQUIRED',
      message: noSavedSignInReason,
    });
    expect(t.refresh).not.toHaveBeenCalled();
    expect(t.changes).toEqual([{ accountId: t.accountId, status: 'needs-sign-in', reason: noSavedSignInReason }]);
  });

  it('becomes active again on a new sign-in', async () => {
    const t = setup({
      refresh: async () => {
        throw new InvalidGrantError();
      },
    });
    await t.signIn(0);
    await expect(t.manager.getAccessToken(t.accountId)).rejects.toBeInstanceOf(AppError);
    await t.signIn();
    expect(t.accounts.get(t.accountId)).toMatchObject({ status: 'active', statusReason: null });
    expect(t.changes.map((change) => change.status)).toEqual(['needs-sign-in', 'active']);
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-alpha');
  });

  it('reports a network failure once to concurrent callers, as CONNECTION_FAILED, without asking for a new sign-in', async () => {
    let online = false;
    const t = setup({
      refresh: async () => {
        if (!online) throw new TypeError('fetch failed');
        return { accessToken: 'access-beta', expiresAt: start + 60 * minute, scopes: [] };
      },
    });
    await t.signIn(0);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => t.manager.getAccessToken(t.accountId)));
    expect(results.every((result) => result.status === 'rejected' && result.reason.code === 'CONNECTION_FAILED')).toBe(
      true,
    );
    expect(t.refresh).toHaveBeenCalledTimes(1);
    expect(t.accounts.get(t.accountId)?.status).toBe('active');
    expect(t.changes).toEqual([]);
    expect(t.activity.list(t.accountId, 1)[0]).toMatchObject({ kind: 'refresh-failed' });

    online = true;
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-beta');
    expect(t.refresh).toHaveBeenCalledTimes(2);
  });

  it('hands out no token while the account signs out, so a login racing the sign-out cannot hold it up', async () => {
    const t = setup();
    await t.signIn(0);
    // The sign-out's own wait for the sync: a login asking for a token meanwhile must fail at once.
    const signedOut = t.manager.whileLeaving(t.accountId, () => t.manager.getAccessToken(t.accountId));
    await expect(signedOut).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(t.refresh).not.toHaveBeenCalled();

    // A failed sign-out leaves the account as it was: its sync gets tokens again.
    await expect(
      t.manager.whileLeaving(t.accountId, () => Promise.reject(new Error('revocation failed'))),
    ).rejects.toThrow();
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
  });

  it('drops the access token from memory on forget', async () => {
    const t = setup();
    await t.signIn();
    t.manager.forget(t.accountId);
    expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
  });

  it('puts no token value in any activity entry or error message', async () => {
    let outcome: 'rotate' | 'offline' | 'invalid' = 'rotate';
    const seen = new Set(Object.values(signInTokens));
    let issued = 0;
    const t = setup({
      refresh: async (_config, refreshToken) => {
        seen.add(refreshToken);
        if (outcome === 'offline') throw new TypeError(`fetch failed for refresh_token ${refreshToken}`);
        if (outcome === 'invalid') throw new InvalidGrantError(`grant ${refreshToken} is revoked`);
        issued += 1;
        const tokens: TokenSet = {
          accessToken: `access-${issued}`,
          refreshToken: `refresh-${issued}`,
          expiresAt: 0,
          scopes: [],
        };
        seen.add(tokens.accessToken).add(tokens.refreshToken as string);
        return tokens;
      },
    });
    const errors: string[] = [];
    const attempt = () => t.manager.getAccessToken(t.accountId).catch((error: Error) => errors.push(error.message));
    await t.signIn(0);
    await attempt();
    await attempt();
    outcome = 'offline';
    await attempt();
    outcome = 'invalid';
    await attempt();
    await attempt();

    const texts = [
      ...errors,
      ...t.activity.listRecent(100).map((entry) => entry.detail),
      ...t.changes.map((c) => c.reason ?? ''),
    ];
    expect(errors).toHaveLength(3);
    for (const token of seen) {
      for (const form of [token, Buffer.from(token).toString('base64')]) {
        expect(texts.filter((text) => text.includes(form))).toEqual([]);
      }
    }
  });

  describe('a token a server refused', () => {
    it('is dropped, so the next caller gets a renewed one with one refresh', async () => {
      const t = setup();
      await t.signIn();
      t.manager.invalidateAccessToken(t.accountId, 'access-alpha');
      expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
      expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
      expect(t.refresh).toHaveBeenCalledExactlyOnceWith(config, 'refresh-alpha');
    });

    it('does not drop a token renewed meanwhile (a second caller reporting the same old token)', async () => {
      const t = setup();
      await t.signIn();
      t.manager.invalidateAccessToken(t.accountId, 'access-alpha');
      expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
      t.manager.invalidateAccessToken(t.accountId, 'access-alpha');
      expect(await t.manager.getAccessToken(t.accountId)).toBe('access-1');
      expect(t.refresh).toHaveBeenCalledTimes(1);
    });

    it('can put the account into "sign in again" with a reason, once, and no refresh follows', async () => {
      const t = setup();
      await t.signIn();
      const error = t.manager.requireSignIn(t.accountId, 'The server refused it.');
      expect(error).toMatchObject({ code: 'SIGN_IN_REQUIRED', message: 'The server refused it.' });
      expect(t.changes).toEqual([
        { accountId: t.accountId, status: 'needs-sign-in', reason: 'The server refused it.' },
      ]);
      expect(t.activity.list(t.accountId, 1)[0]).toMatchObject({
        kind: 'sign-in-required',
        detail: 'The server refused it.',
      });
      await expect(t.manager.getAccessToken(t.accountId)).rejects.toMatchObject({
        code: 'SIGN_IN_REQUIRED',
        message: 'The server refused it.',
      });
      expect(t.refresh).not.toHaveBeenCalled();
    });
  });
});
