import { beforeEach, describe, expect, it } from 'vitest';
import { createActivityLog } from '../activity/activity-log';
import { openDatabase, type Db } from '../store/database';
import { accountIdFor, createAccountRepository, type SignedInAccount } from './account-repository';
import { testAccount } from './accounts.test-support';

const alice: SignedInAccount = { ...testAccount, email: 'Alice@harbor.test' };
const bob: SignedInAccount = { ...alice, email: 'bob@harbor.test', displayName: null };

describe('account repository', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  it('creates an account on first sign-in, keyed by provider and address', () => {
    const accounts = createAccountRepository(db);
    const created = accounts.upsertOnSignIn(alice, 1000);
    expect(created).toEqual({
      ...alice,
      id: 'sandbox:alice@harbor.test',
      createdAt: 1000,
      status: 'active',
      statusReason: null,
      lastRefreshAt: null,
      accessExpiresAt: null,
      authKind: 'oauth',
    });
    expect(accounts.get(accountIdFor('sandbox', 'alice@harbor.test'))).toEqual(created);
    expect(accounts.get('sandbox:nobody@harbor.test')).toBeNull();
  });

  it('keeps how an account signs in: OAuth by default, or an app password', () => {
    const accounts = createAccountRepository(db);
    const carol = accounts.upsertOnSignIn(
      { ...alice, providerId: 'password:imap.example', email: 'carol@example', authKind: 'password' },
      1000,
    );
    expect(carol.authKind).toBe('password');
    expect(accounts.get(carol.id)?.authKind).toBe('password');
    expect(() => db.prepare("UPDATE accounts SET auth_kind = 'magic'").run()).toThrow(/CHECK constraint/);
  });

  it('updates details on a repeat sign-in, keeping creation time and status', () => {
    const accounts = createAccountRepository(db);
    const { id } = accounts.upsertOnSignIn(alice, 1000);
    accounts.setStatus(id, 'needs-sign-in', 'password changed');
    const again = accounts.upsertOnSignIn({ ...alice, displayName: 'Alice A.', scopes: ['openid'] }, 2000);
    expect(again).toMatchObject({ createdAt: 1000, displayName: 'Alice A.', scopes: ['openid'] });
    expect(again.status).toBe('needs-sign-in');
    expect(accounts.list().map((account) => account.id)).toEqual([id]);
  });

  it('records status, refresh time and access expiry', () => {
    const accounts = createAccountRepository(db);
    const { id } = accounts.upsertOnSignIn(alice, 1000);
    accounts.recordAccessExpiry(id, 5000);
    expect(accounts.get(id)).toMatchObject({ lastRefreshAt: null, accessExpiresAt: 5000 });
    accounts.recordRefresh(id, 6000, 9000);
    expect(accounts.get(id)).toMatchObject({ lastRefreshAt: 6000, accessExpiresAt: 9000 });
    accounts.setStatus(id, 'needs-sign-in', 'revoked');
    expect(accounts.get(id)).toMatchObject({ status: 'needs-sign-in', statusReason: 'revoked' });
    accounts.setStatus(id, 'active', null);
    expect(accounts.get(id)).toMatchObject({ status: 'active', statusReason: null });
  });

  it('deletes an account with its activity and leaves other accounts alone', () => {
    const accounts = createAccountRepository(db);
    const activity = createActivityLog(db);
    const a = accounts.upsertOnSignIn(alice, 1000);
    const b = accounts.upsertOnSignIn(bob, 1001);
    activity.record(a.id, 'sign-in', 'alice signed in');
    activity.record(b.id, 'sign-in', 'bob signed in');
    activity.record(null, 'error', 'not tied to an account');

    expect(accounts.deleteWithLocalData(a.id)).toBe(true);
    expect(accounts.get(a.id)).toBeNull();
    expect(activity.list(a.id, 10)).toEqual([]);
    expect(accounts.list().map((account) => account.id)).toEqual([b.id]);
    expect(activity.listRecent(10).map((entry) => entry.detail)).toEqual(['not tied to an account', 'bob signed in']);
    expect(accounts.deleteWithLocalData(a.id)).toBe(false);
  });
});
