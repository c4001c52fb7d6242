import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { serverProviderId } from '../../shared/server-provider';
import { createAccountRepository } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import type { SecretStore } from '../secrets/secret-store';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import { beginSignIn, type PendingSignIn } from './authorization-flow';
import type { Provider } from './provider-catalog';
import { serverSignInTarget } from './server-sign-in';
import { signInAgainTarget } from './sign-in-again';
import { createSignInService, type SignInTarget } from './sign-in-service';
import { createTokenManager } from './token-manager';
import type { SignInResult } from './types';

vi.mock('./authorization-flow', () => ({ beginSignIn: vi.fn() }));

const imap = { host: 'imap.harbor.test', port: 993, security: 'tls' } as const;
const sandbox: Provider = {
  id: 'sandbox',
  label: 'Sandbox',
  oauth: { issuer: 'https://auth.harbor.test', clientId: 'harbor-desktop', scopes: ['openid', 'email'] },
  imap,
  smtp: null,
  manageAccessUrl: null,
};

function resultFor(email: string | undefined): SignInResult {
  return {
    issuer: 'https://auth.harbor.test',
    clientId: 'harbor-desktop',
    tokens: { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 3_600_000, scopes: [] },
    identity: { sub: 'subject-1', ...(email === undefined ? {} : { email }) },
  };
}

/** A browser step whose outcome the test decides; cancel() rejects it as the real listener does. */
function fakeFlow() {
  let complete!: (result: SignInResult) => void;
  let fail!: (error: unknown) => void;
  const result = new Promise<SignInResult>((resolve, reject) => {
    complete = resolve;
    fail = reject;
  });
  result.catch(() => undefined);
  const flow: PendingSignIn = {
    authorizationUrl: 'https://auth.harbor.test/authorize',
    redirectUri: 'http://127.0.0.1:1/callback',
    result,
    cancel: vi.fn(() => fail(new AppError('SIGN_IN_CANCELLED', 'Sign-in was cancelled.'))),
    openBrowserAgain: vi.fn(async () => undefined),
  };
  return { flow, signInAs: (email: string | undefined) => complete(resultFor(email)) };
}

/** A target whose begin() (discovery, registration, the browser) returns when the test says. */
function fakeTarget(overrides: Partial<SignInTarget> = {}) {
  const step = fakeFlow();
  let begun!: () => void;
  const begin = new Promise<void>((resolve) => {
    begun = resolve;
  });
  const target: SignInTarget = {
    providerId: 'sandbox',
    label: 'Sandbox',
    imap,
    smtp: imap,
    begin: async () => (await begin, step.flow),
    ...overrides,
  };
  return { target, ...step, begun };
}

function setup(options: { failSecretSet?: boolean } = {}) {
  const db = openDatabase(':memory:');
  const accounts = createAccountRepository(db);
  const activity = createActivityLog(db);
  const store = createSessionSecretStore();
  const secrets: SecretStore = options.failSecretSet
    ? {
        ...store,
        set: async () => {
          throw new AppError('KEYCHAIN_UNAVAILABLE', 'The keychain is locked.');
        },
      }
    : store;
  const tokens = createTokenManager({
    secrets,
    accounts,
    activity,
    refresh: vi.fn(),
    clientConfig: () => sandbox.oauth!,
  });
  const service = createSignInService({
    providers: [sandbox],
    trust: { extraCa: [] },
    openBrowser: async () => undefined,
    bringToFront: () => undefined,
    accounts,
    tokens,
    onProgress: () => undefined,
  });
  return { db, accounts, secrets, service };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('cancelling a sign-in', () => {
  it('is not lost while begin() runs: the browser step is cancelled once it exists', async () => {
    const t = setup();
    const first = fakeTarget();
    const signingIn = t.service.signInTo(first.target);

    expect(await t.service.openBrowserAgain()).toBe(false);
    expect(t.service.cancel()).toBe(true);
    first.begun();

    await expect(signingIn).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    expect(first.flow.cancel).toHaveBeenCalledOnce();
    expect(t.accounts.list()).toEqual([]);
    expect(t.service.cancel()).toBe(false);
  });

  it('a new sign-in cancels one still in begin(), and stays cancellable itself', async () => {
    const t = setup();
    const first = fakeTarget();
    const second = fakeTarget();
    const firstSignIn = t.service.signInTo(first.target);
    const secondSignIn = t.service.signInTo(second.target);
    first.begun();
    await expect(firstSignIn).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    expect(first.flow.cancel).toHaveBeenCalledOnce();

    second.begun();
    await flush();
    expect(await t.service.openBrowserAgain()).toBe(true);
    expect(second.flow.openBrowserAgain).toHaveBeenCalledOnce();
    expect(t.service.cancel()).toBe(true);
    await expect(secondSignIn).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
  });

  it('a new sign-in cancels one waiting for the browser', async () => {
    const t = setup();
    const first = fakeTarget();
    first.begun();
    const firstSignIn = t.service.signInTo(first.target);
    await flush();
    const second = fakeTarget();
    const secondSignIn = t.service.signInTo(second.target);
    await expect(firstSignIn).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    second.begun();
    second.signInAs('alice@harbor.test');
    await expect(secondSignIn).resolves.toBe('sandbox:alice@harbor.test');
  });
});

describe('a sign-in whose refresh token cannot be kept', () => {
  it('never deletes an account that existed, whatever the case of its address', async () => {
    const t = setup({ failSecretSet: true });
    const existing = t.accounts.upsertOnSignIn(
      {
        ...resultFor('Alice@harbor.test'),
        providerId: 'sandbox',
        email: 'Alice@harbor.test',
        displayName: null,
        scopes: [],
        imap,
        smtp: imap,
      },
      1,
    );
    const attempt = fakeTarget();
    attempt.begun();
    const signingIn = t.service.signInTo(attempt.target);
    attempt.signInAs('alice@harbor.test');
    await expect(signingIn).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(t.accounts.get(existing.id)).not.toBeNull();
  });

  it('leaves no new account behind', async () => {
    const t = setup({ failSecretSet: true });
    const attempt = fakeTarget();
    attempt.begun();
    const signingIn = t.service.signInTo(attempt.target);
    attempt.signInAs('bob@harbor.test');
    await expect(signingIn).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(t.accounts.list()).toEqual([]);
  });
});

describe('the address signed in with', () => {
  const typed = { email: 'Carol@Mail.example', imap: { host: 'mail.example', port: 993, security: 'tls' as const } };
  const serverTarget = (begin: SignInTarget['begin']): SignInTarget => ({
    ...serverSignInTarget(typed, { secrets: createSessionSecretStore(), probe: vi.fn() }),
    begin,
  });

  it('must be the one set up at a server, or nothing is stored', async () => {
    const t = setup();
    const attempt = fakeFlow();
    const signingIn = t.service.signInTo(serverTarget(async () => attempt.flow));
    attempt.signInAs('mallory@mail.example');
    const error = await signingIn.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringMatching(
        /^You signed in as mallory@mail\.example at mail\.example, but set up Carol@Mail\.example/,
      ),
    });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    expect(
      await t.secrets.get({
        accountId: `${serverProviderId('mail.example')}:mallory@mail.example`,
        purpose: 'refresh-token',
      }),
    ).toBeNull();
  });

  it('is the one typed first when the provider names none, and asked for when nothing was typed', async () => {
    const t = setup();
    const typedFirst = fakeTarget({ typedEmail: 'dave@work.example' });
    const signingIn = t.service.signInTo(typedFirst.target);
    typedFirst.begun();
    await flush();
    typedFirst.signInAs(undefined);
    await expect(signingIn).resolves.toBe('sandbox:dave@work.example');

    const untyped = fakeTarget();
    const refused = t.service.signInTo(untyped.target);
    untyped.begun();
    await flush();
    untyped.signInAs(undefined);
    await expect(refused).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringMatching(/did not say which address.*Type your address/),
    });
  });

  it('is compared without regard to case', async () => {
    const t = setup();
    const attempt = fakeFlow();
    const signingIn = t.service.signInTo(serverTarget(async () => attempt.flow));
    attempt.signInAs('carol@mail.example');
    await expect(signingIn).resolves.toBe(`${serverProviderId('mail.example')}:carol@mail.example`);
  });

  describe('on "Sign in again" at a preset provider', () => {
    beforeEach(() => vi.mocked(beginSignIn).mockReset());

    it('must be the account being signed in again', async () => {
      const t = setup();
      const existing = t.accounts.upsertOnSignIn(
        {
          ...resultFor('alice@harbor.test'),
          providerId: 'sandbox',
          email: 'alice@harbor.test',
          displayName: null,
          scopes: [],
          imap,
          smtp: imap,
        },
        1,
      );
      const attempt = fakeFlow();
      vi.mocked(beginSignIn).mockResolvedValue(attempt.flow);
      const target = signInAgainTarget(existing, {
        providers: [sandbox],
        server: { secrets: t.secrets, probe: vi.fn() },
      });
      const signingIn = t.service.signInTo(target);
      attempt.signInAs('bob@harbor.test');
      await expect(signingIn).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
      expect(t.accounts.list().map((account) => account.email)).toEqual(['alice@harbor.test']);
    });

    it('may be anyone on a sign-in from the onboarding with a hint', async () => {
      const t = setup();
      const attempt = fakeFlow();
      vi.mocked(beginSignIn).mockResolvedValue(attempt.flow);
      const signingIn = t.service.signIn('sandbox', 'alice@harbor.test');
      attempt.signInAs('bob@harbor.test');
      await expect(signingIn).resolves.toBe('sandbox:bob@harbor.test');
    });
  });
});
