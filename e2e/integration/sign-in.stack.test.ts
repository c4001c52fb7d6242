// The sign-in flow of main/auth against the stack's real authorization server (oidc-provider),
// with a scripted system browser and the app's real loopback listener.
import { connect } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beginSignIn, type PendingSignIn, type SignInOptions } from '../../main/auth/authorization-flow';
import type { OAuthClientConfig } from '../../main/auth/types';
import { startAuthServer } from '../stack/auth-server';
import { startMailStack } from '../stack/mail-stack';
import type { AuthServer, MailStack, StackUser } from '../stack/types';
import { completeInBrowser, loadLoopbackPage, redirectFromServer } from './system-browser';

const SCOPES = ['openid', 'email', 'offline_access', 'mail.imap', 'mail.smtp'];

let stack: MailStack;
let alice: StackUser;
const pendings: PendingSignIn[] = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  alice = stack.users[0] as StackUser;
});

afterAll(async () => {
  for (const pending of pendings) {
    pending.result.catch(() => undefined);
    pending.cancel();
  }
  await stack?.close();
});

function clientConfig(overrides: Partial<OAuthClientConfig> = {}): OAuthClientConfig {
  return { issuer: stack.auth.issuer, clientId: stack.auth.appClientId, scopes: SCOPES, ...overrides };
}

const login = (consent: 'allow' | 'deny' = 'allow') => ({
  issuer: stack.auth.issuer,
  caPem: stack.ca.caPem,
  email: alice.email,
  password: alice.password,
  consent,
});

async function start(
  options: Partial<SignInOptions> = {},
  config = clientConfig(),
): Promise<PendingSignIn & { opened: string[] }> {
  const opened: string[] = [];
  const pending = await beginSignIn(config, {
    trust: { extraCa: [stack.ca.caPem] },
    openBrowser: async (url) => {
      opened.push(url);
    },
    prompt: 'consent',
    ...options,
  });
  pendings.push(pending);
  return { ...pending, opened };
}

function portOf(pending: PendingSignIn): number {
  return Number(new URL(pending.redirectUri).port);
}

function connection(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const codeExchanges = (auth: AuthServer = stack.auth) =>
  auth.tokenRequests().filter((request) => request.grantType === 'authorization_code').length;

describe('signing in with the system browser and a loopback redirect', () => {
  it('completes with access and refresh tokens and the identity from the ID token', async () => {
    const onCallbackReceived = vi.fn();
    const pending = await start({ onCallbackReceived });
    expect(pending.opened).toEqual([pending.authorizationUrl]);

    const page = await completeInBrowser(pending.authorizationUrl, login());
    expect(page.status).toBe(200);
    const result = await pending.result;

    expect(result.issuer).toBe(stack.auth.issuer);
    expect(result.clientId).toBe(stack.auth.appClientId);
    expect(result.tokens.accessToken).toEqual(expect.any(String));
    expect(result.tokens.refreshToken).toEqual(expect.any(String));
    expect(result.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(result.tokens.scopes).toEqual(expect.arrayContaining(['mail.imap', 'mail.smtp']));
    expect(result.identity).toMatchObject({ sub: alice.email, email: alice.email });
    expect(onCallbackReceived).toHaveBeenCalledOnce();
  });

  it('listens on 127.0.0.1 only, on an OS-chosen port that the redirect_uri names', async () => {
    const pending = await start();
    const sent = new URL(pending.authorizationUrl).searchParams.get('redirect_uri');
    expect(sent).toBe(pending.redirectUri);
    expect(pending.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const port = portOf(pending);
    expect(await connection('127.0.0.1', port)).toBe('connected');
    expect(await connection('127.0.0.2', port)).toBe('ECONNREFUSED');
    const otherAddresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address !== undefined && !address.internal);
    for (const address of otherAddresses) {
      expect([address?.address, await connection(address?.address ?? '', port)]).toEqual([
        address?.address,
        expect.stringMatching(/^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|EINVAL)$/),
      ]);
    }
    pending.cancel();
    await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
  });

  it('answers a wrong state with 400 and no token request, then completes with the right one', async () => {
    const pending = await start();
    const redirect = await redirectFromServer(pending.authorizationUrl, login());
    const before = codeExchanges();

    const forged = new URL(redirect);
    forged.searchParams.set('state', 'not-the-state');
    expect((await loadLoopbackPage(forged)).status).toBe(400);
    const missing = new URL(redirect);
    missing.searchParams.delete('state');
    expect((await loadLoopbackPage(missing)).status).toBe(400);
    expect(codeExchanges()).toBe(before);

    expect((await loadLoopbackPage(redirect)).status).toBe(200);
    await expect(pending.result).resolves.toMatchObject({ identity: { email: alice.email } });
    expect(codeExchanges()).toBe(before + 1);
  });

  it('shows a completion page without the code, without a referrer and loading nothing', async () => {
    const pending = await start();
    const redirect = await redirectFromServer(pending.authorizationUrl, login());
    const code = redirect.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const page = await loadLoopbackPage(redirect);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(page.body).not.toContain(code);
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.body).toContain('return to Harbor Mail');
    await pending.result;
  });

  it('refuses connections once the callback came back', async () => {
    const pending = await start();
    await completeInBrowser(pending.authorizationUrl, login());
    await pending.result;
    expect(await connection('127.0.0.1', portOf(pending))).toBe('ECONNREFUSED');
  });

  it('closes the listener on cancel, with SIGN_IN_CANCELLED', async () => {
    const pending = await start();
    pending.cancel();
    await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    expect(await connection('127.0.0.1', portOf(pending))).toBe('ECONNREFUSED');
  });

  it('closes the listener on timeout, with SIGN_IN_TIMED_OUT', async () => {
    const pending = await start({ timeoutMs: 300 });
    await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_TIMED_OUT' });
    expect(await connection('127.0.0.1', portOf(pending))).toBe('ECONNREFUSED');
  });

  it('turns Deny into ACCESS_DENIED, with a plain page and no token request', async () => {
    const pending = await start();
    const before = codeExchanges();
    const page = await completeInBrowser(pending.authorizationUrl, login('deny'));
    expect(page.body).toContain('You declined');
    const error = await pending.result.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringMatching(/^You declined/) });
    expect(codeExchanges()).toBe(before);
  });

  it('opens the browser again with the same request', async () => {
    const pending = await start();
    await pending.openBrowserAgain();
    expect(pending.opened).toEqual([pending.authorizationUrl, pending.authorizationUrl]);
    pending.cancel();
    await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
  });

  it('closes the listener when the browser cannot be opened', async () => {
    let redirectUri = '';
    const attempt = beginSignIn(clientConfig(), {
      trust: { extraCa: [stack.ca.caPem] },
      openBrowser: async (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        throw new Error('no browser');
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(await connection('127.0.0.1', Number(new URL(redirectUri).port))).toBe('ECONNREFUSED');
  });
});

describe('the authorization request', () => {
  it('is fresh for every sign-in: state, PKCE S256 challenge and nonce', async () => {
    const first = new URL((await start()).authorizationUrl).searchParams;
    const second = new URL((await start()).authorizationUrl).searchParams;
    for (const params of [first, second]) {
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(params.get('state')?.length).toBeGreaterThanOrEqual(43);
      expect(params.get('nonce')).toEqual(expect.any(String));
      expect(params.get('response_type')).toBe('code');
      expect(params.get('client_id')).toBe(stack.auth.appClientId);
      expect(params.get('scope')).toBe(SCOPES.join(' '));
    }
    expect(second.get('state')).not.toBe(first.get('state'));
    expect(second.get('code_challenge')).not.toBe(first.get('code_challenge'));
    expect(second.get('nonce')).not.toBe(first.get('nonce'));
  });

  it('passes login_hint, prompt and provider parameters, which cannot override the protections', async () => {
    const config = clientConfig({
      extraAuthorizationParams: {
        access_type: 'offline',
        state: 'fixed',
        code_challenge: 'fixed',
        code_challenge_method: 'plain',
        redirect_uri: 'https://attacker.example/',
        client_id: 'someone-else',
        response_type: 'token',
      },
    });
    const pending = await start({ loginHint: alice.email, prompt: 'select_account consent' }, config);
    const params = new URL(pending.authorizationUrl).searchParams;
    expect(params.get('login_hint')).toBe(alice.email);
    expect(params.get('prompt')).toBe('select_account consent');
    expect(params.get('access_type')).toBe('offline');
    for (const name of ['state', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'client_id']) {
      expect(params.getAll(name)).toHaveLength(1);
    }
    expect(params.get('state')).not.toBe('fixed');
    expect(params.get('code_challenge')).not.toBe('fixed');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('redirect_uri')).toBe(pending.redirectUri);
    expect(params.get('client_id')).toBe(stack.auth.appClientId);
    expect(params.get('response_type')).toBe('code');
    // The server accepts it and the sign-in completes.
    await completeInBrowser(pending.authorizationUrl, login());
    await expect(pending.result).resolves.toMatchObject({ identity: { email: alice.email } });
  });
});

describe('checks on the server and its answer', () => {
  it('refuses a configured issuer that differs from the discovered one, before any browser opens', async () => {
    const openBrowser = vi.fn(async () => undefined);
    // Same server, reached by another name: its metadata says https://127.0.0.1:PORT.
    const issuer = stack.auth.issuer.replace('127.0.0.1', 'localhost');
    const attempt = beginSignIn(clientConfig({ issuer }), { trust: { extraCa: [stack.ca.caPem] }, openBrowser });
    await expect(attempt).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(openBrowser).not.toHaveBeenCalled();
  });

  it('refuses a server whose certificate is not trusted, before any browser opens', async () => {
    const openBrowser = vi.fn(async () => undefined);
    const attempt = beginSignIn(clientConfig(), { trust: { extraCa: [] }, openBrowser });
    await expect(attempt).rejects.toMatchObject({ code: 'TLS_FAILED' });
    expect(openBrowser).not.toHaveBeenCalled();
  });

  it('refuses a callback whose iss is not the issuer, with no token request', async () => {
    const pending = await start();
    const redirect = await redirectFromServer(pending.authorizationUrl, login());
    expect(redirect.searchParams.get('iss')).toBe(stack.auth.issuer);
    const before = codeExchanges();
    redirect.searchParams.set('iss', 'https://attacker.example');
    await loadLoopbackPage(redirect);
    await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(codeExchanges()).toBe(before);
  });

  it('refuses a callback without iss, since the server promises one (RFC 9207)', async () => {
    const pending = await start();
    const redirect = await redirectFromServer(pending.authorizationUrl, login());
    const before = codeExchanges();
    redirect.searchParams.delete('iss');
    await loadLoopbackPage(redirect);
    await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(codeExchanges()).toBe(before);
  });

  it('never exchanges a code from another authorization server (mix-up defense)', async () => {
    const other = await startAuthServer({ dir: stack.dir, ca: stack.ca, users: stack.users });
    try {
      const atOther = await start({}, clientConfig({ issuer: other.issuer }));
      const otherRedirect = await redirectFromServer(atOther.authorizationUrl, { ...login(), issuer: other.issuer });
      atOther.cancel();

      const pending = await start();
      const state = new URL(pending.authorizationUrl).searchParams.get('state') ?? '';
      const mixedUp = new URL(pending.redirectUri);
      mixedUp.search = otherRedirect.search;
      mixedUp.searchParams.set('state', state);
      const before = [codeExchanges(), codeExchanges(other)];
      await loadLoopbackPage(mixedUp);
      await expect(pending.result).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
      expect([codeExchanges(), codeExchanges(other)]).toEqual(before);
    } finally {
      await other.close();
    }
  });
});
