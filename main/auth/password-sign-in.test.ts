import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { passwordSignInInput, type ParsedPasswordSignInInput } from '../../shared/models';
import { createAccountRepository } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import type { SecretStore } from '../secrets/secret-store';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import {
  createPasswordAccounts,
  noSavedPasswordReason,
  passwordRefusedMessage,
  passwordRejectedReason,
  type PasswordLogin,
} from './password-sign-in';
import { signOut } from './sign-out';
import { createTokenManager } from './token-manager';
import type { RefreshTokens, RevokeToken } from './types';

const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';
const input: ParsedPasswordSignInInput = passwordSignInInput.parse({
  email: 'carol@mail.example',
  password: APP_PASSWORD,
  imap: { host: 'IMAP.mail.example', port: 993, security: 'tls' },
});
const accountId = 'password:imap.mail.example:carol@mail.example';

function setup(options: { verify?: (login: PasswordLogin) => Promise<void>; secrets?: SecretStore } = {}) {
  const db = openDatabase(':memory:');
  const accounts = createAccountRepository(db);
  const activity = createActivityLog(db);
  const secrets = options.secrets ?? createSessionSecretStore();
  const verifyLogin = vi.fn(options.verify ?? (async () => undefined));
  const onStatusChange = vi.fn();
  const passwords = createPasswordAccounts({ secrets, accounts, activity, verifyLogin, onStatusChange });
  const everything = () =>
    JSON.stringify({
      accounts: db.prepare('SELECT * FROM accounts').all(),
      activity: db.prepare('SELECT * FROM activity').all(),
    });
  return { db, accounts, activity, secrets, verifyLogin, onStatusChange, passwords, everything };
}

describe('passwordSignInInput', () => {
  it('bounds the password and never echoes it in a validation message', () => {
    const long = 'x'.repeat(257);
    const result = passwordSignInInput.safeParse({ ...input, password: long });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues.map((issue) => issue.message))).not.toContain(long);
    expect(passwordSignInInput.safeParse({ ...input, password: '' }).success).toBe(false);
    expect(passwordSignInInput.safeParse({ ...input, extra: 1 }).success).toBe(false);
  });
});

describe('signing in with an app password', () => {
  it('verifies first, stores the password as app-password, then creates a password account', async () => {
    const t = setup();
    await expect(t.passwords.signIn(input)).resolves.toBe(accountId);
    expect(t.verifyLogin).toHaveBeenCalledWith({ endpoint: input.imap, email: input.email, password: APP_PASSWORD });
    expect(await t.secrets.get({ accountId, purpose: 'app-password' })).toBe(APP_PASSWORD);
    expect(await t.secrets.get({ accountId, purpose: 'refresh-token' })).toBeNull();
    expect(t.accounts.get(accountId)).toMatchObject({
      providerId: 'password:imap.mail.example',
      authKind: 'password',
      status: 'active',
      scopes: [],
      smtp: { host: 'IMAP.mail.example', port: 465, security: 'tls' },
    });
    expect(t.activity.list(accountId, 5).map((entry) => entry.kind)).toEqual(['sign-in']);
    expect(t.everything()).not.toContain(APP_PASSWORD);
  });

  it('says in the activity log where the password is kept: keychain, or this session only', async () => {
    const t = setup();
    await t.passwords.signIn(input);
    expect(t.activity.list(accountId, 1)[0]?.detail).toContain('for this session only');
    const keychain = createSessionSecretStore();
    const k = setup({
      secrets: { ...keychain, kind: 'keychain', get: keychain.get, set: keychain.set, delete: keychain.delete },
    });
    await k.passwords.signIn(input);
    expect(k.activity.list(accountId, 1)[0]?.detail).toContain('kept in the system keychain');
  });

  it('turns a refused login into one plain error and stores nothing', async () => {
    const t = setup({
      verify: async () => {
        throw new AppError('SIGN_IN_REQUIRED', 'The mail server did not accept the sign-in.');
      },
    });
    await expect(t.passwords.signIn(input)).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: passwordRefusedMessage,
    });
    expect(await t.secrets.get({ accountId, purpose: 'app-password' })).toBeNull();
    expect(t.accounts.list()).toEqual([]);
    expect(t.everything()).not.toContain(APP_PASSWORD);
  });

  it('passes connection problems on in plain words, without the password', async () => {
    const t = setup({
      verify: async () => {
        throw new Error(`socket closed while sending ${APP_PASSWORD}`);
      },
    });
    const failure = await t.passwords.signIn(input).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect((failure as Error).message).not.toContain(APP_PASSWORD);
    expect(t.accounts.list()).toEqual([]);
  });

  it('creates no account when the keychain cannot store the password', async () => {
    const store = createSessionSecretStore();
    const failing: SecretStore = {
      kind: 'keychain',
      get: (ref) => store.get(ref),
      delete: (ref) => store.delete(ref),
      set: async () => {
        throw new Error('Cannot autolaunch D-Bus');
      },
    };
    const t = setup({ secrets: failing });
    await expect(t.passwords.signIn(input)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(t.accounts.list()).toEqual([]);
  });

  it('removes the stored password again when the account row cannot be written', async () => {
    const t = setup();
    t.db.exec('CREATE TRIGGER no_accounts BEFORE INSERT ON accounts BEGIN SELECT RAISE(ABORT, "full"); END');
    await expect(t.passwords.signIn(input)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await t.secrets.get({ accountId, purpose: 'app-password' })).toBeNull();
    expect(t.accounts.list()).toEqual([]);
  });
});

describe('using the stored app password', () => {
  it('hands the stored password to the mail code', async () => {
    const t = setup();
    await t.passwords.signIn(input);
    await expect(t.passwords.withPassword(accountId, async (password) => password.length)).resolves.toBe(
      APP_PASSWORD.length,
    );
  });

  it('asks for a new sign-in, once, when the password is gone from the store', async () => {
    const t = setup();
    await t.passwords.signIn(input);
    await t.secrets.delete({ accountId, purpose: 'app-password' });
    const use = vi.fn(async () => 'never');
    await expect(t.passwords.withPassword(accountId, use)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    await expect(t.passwords.withPassword(accountId, use)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    expect(use).not.toHaveBeenCalled();
    expect(t.accounts.get(accountId)).toMatchObject({ status: 'needs-sign-in', statusReason: noSavedPasswordReason });
    expect(t.activity.list(accountId, 5).filter((entry) => entry.kind === 'sign-in-required')).toHaveLength(1);
    expect(t.onStatusChange).toHaveBeenCalledTimes(1);
  });

  it('asks for a new sign-in when the server refuses the saved password, and a new sign-in clears it', async () => {
    const t = setup();
    await t.passwords.signIn(input);
    await expect(
      t.passwords.withPassword(accountId, async () => {
        throw new AppError('SIGN_IN_REQUIRED', 'refused');
      }),
    ).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED', message: passwordRejectedReason });
    expect(t.accounts.get(accountId)?.status).toBe('needs-sign-in');
    await t.passwords.signIn(input);
    expect(t.accounts.get(accountId)).toMatchObject({ status: 'active', statusReason: null });
  });
});

describe('password accounts elsewhere in the app', () => {
  async function signedIn() {
    const t = setup();
    await t.passwords.signIn(input);
    const refresh = vi.fn<RefreshTokens>();
    const revoke = vi.fn<RevokeToken>();
    const tokenManager = createTokenManager({
      secrets: t.secrets,
      accounts: t.accounts,
      activity: t.activity,
      refresh,
      clientConfig: () => ({ issuer: 'https://unused.example', clientId: 'x', scopes: [] }),
    });
    return { ...t, refresh, revoke, tokenManager };
  }

  it('the token manager never tries to refresh a password account', async () => {
    const t = await signedIn();
    await expect(t.tokenManager.getAccessToken(accountId)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(t.refresh).not.toHaveBeenCalled();
    expect(t.accounts.get(accountId)?.status).toBe('active');
  });

  it('sign-out deletes the keychain entry and the local data, revokes nothing and says so', async () => {
    const t = await signedIn();
    const result = await signOut(accountId, {
      secrets: t.secrets,
      accounts: t.accounts,
      activity: t.activity,
      revoke: t.revoke,
      clientConfig: () => ({ issuer: 'https://unused.example', clientId: 'x', scopes: [] }),
      manageAccessUrl: () => null,
      tokenManager: t.tokenManager,
      beforeDelete: async () => undefined,
    });
    expect(result).toEqual({ outcome: 'no-token' });
    expect(t.revoke).not.toHaveBeenCalled();
    expect(await t.secrets.get({ accountId, purpose: 'app-password' })).toBeNull();
    expect(t.accounts.get(accountId)).toBeNull();
    const [entry] = t.activity.listRecent(1);
    expect(entry).toMatchObject({ accountId, kind: 'sign-out' });
    expect(entry?.detail).toContain('nothing for Harbor Mail to revoke');
    expect(t.everything()).not.toContain(APP_PASSWORD);
  });
});
