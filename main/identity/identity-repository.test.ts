import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../accounts/account-repository';
import { openTestStore, type TestStore } from '../mail/store/mail-store.test-support';
import { createIdentityRepository } from './identity-repository';

describe('the identity repository', () => {
  let store: TestStore;
  beforeEach(() => {
    store = openTestStore();
  });
  afterEach(() => store.close());

  const signIn = (displayName: string | null) =>
    createAccountRepository(store.db).upsertOnSignIn(
      {
        providerId: 'sandbox',
        email: 'dora@harbor.test',
        displayName,
        issuer: 'https://auth.harbor.test',
        clientId: 'harbor',
        scopes: [],
        imap: { host: 'imap.harbor.test', port: 993, security: 'tls' },
        smtp: { host: 'smtp.harbor.test', port: 465, security: 'tls' },
      },
      1,
    );

  it("starts an account with its own address, named as the ID token's name; a new sign-in keeps the person's edit", () => {
    const account = signIn('Dora Example');
    const identities = createIdentityRepository(store.db);
    const [own] = identities.list(account.id);
    expect(own).toMatchObject({ address: 'dora@harbor.test', name: 'Dora Example', primary: true });
    identities.update(own!.id, { name: 'Dora E.' });
    signIn('Dora Example');
    expect(identities.list(account.id).map((each) => each.name)).toEqual(['Dora E.']);
  });

  it('adds and removes aliases, refuses a duplicate and never removes the own address', () => {
    const account = signIn(null);
    const identities = createIdentityRepository(store.db);
    expect(identities.find(account.id, null)?.name).toBe('');
    const alias = identities.addAlias(account.id, 'ferries@harbor.test', 'Ferry desk', 2);
    expect(identities.find(account.id, 'FERRIES@harbor.test')?.id).toBe(alias.id);
    expect(() => identities.addAlias(account.id, 'Ferries@Harbor.test', '', 3)).toThrow(/already one of/);
    const own = identities.find(account.id, null)!;
    expect(() => identities.removeAlias(own.id)).toThrow(/cannot be removed/);
    identities.removeAlias(alias.id);
    expect(identities.list(account.id).map((each) => each.address)).toEqual(['dora@harbor.test']);
    expect(() => identities.update(alias.id, { name: 'x' })).toThrow(/no longer/);
  });

  it('keeps a signature per identity, the HTML only for a rich one', () => {
    const account = signIn(null);
    const identities = createIdentityRepository(store.db);
    const own = identities.find(account.id, null)!;
    expect(
      identities.update(own.id, { signature: { format: 'plain', text: 'Dora', html: '<b>x</b>' } }).signature,
    ).toEqual({
      format: 'plain',
      text: 'Dora',
      html: '',
    });
    const rich = { format: 'rich' as const, text: 'Dora', html: '<b>Dora</b>' };
    expect(identities.update(own.id, { signature: rich }).signature).toEqual(rich);
  });

  it('goes with its account', () => {
    const account = signIn('Dora');
    createAccountRepository(store.db).deleteWithLocalData(account.id);
    expect(createIdentityRepository(store.db).list(account.id)).toEqual([]);
    expect(
      createIdentityRepository(store.db)
        .list()
        .map((each) => each.accountId),
    ).toEqual([store.accountId]);
  });
});
