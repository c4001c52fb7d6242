// Outcomes a real server is hard to make produce (503, no revocation endpoint, a non-matching
// issuer), against a fake server behind the fetch openid-client is given.
import type { CustomFetch } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { createAccountRepository } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import type { AppConfig } from '../config/app-config';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import { clientSecretOf, providerCatalog } from './provider-catalog';
import { tokenClientUsing } from './token-client';
import { createTokenManager, grantRejectedReason } from './token-manager';
import { InvalidGrantError, type OAuthClientConfig } from './types';

const ISSUER = 'https://login.example';
const config: OAuthClientConfig = { issuer: ISSUER, clientId: 'harbor', scopes: ['openid', 'mail'] };

type Route = (body: URLSearchParams) => Response;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function fakeServer(metadata: Record<string, unknown>, routes: Record<string, Route> = {}) {
  const requests: Array<{ url: string; body: URLSearchParams }> = [];
  const fetch: CustomFetch = async (url, options) => {
    const body = new URLSearchParams(options.body as string | URLSearchParams | undefined);
    requests.push({ url, body });
    if (url === `${ISSUER}/.well-known/openid-configuration`) {
      return json(200, {
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        code_challenge_methods_supported: ['S256'],
        ...metadata,
      });
    }
    const route = routes[new URL(url).pathname];
    return route ? route(body) : json(404, { error: 'not_found' });
  };
  return { fetch, requests };
}

describe('refresh', () => {
  it('returns the rotated token set, with the requested scopes when the server names none', async () => {
    const server = fakeServer(
      {},
      {
        '/token': () => json(200, { access_token: 'at2', refresh_token: 'rt2', token_type: 'Bearer', expires_in: 60 }),
      },
    );
    const before = Date.now();
    const tokens = await tokenClientUsing(server.fetch).refresh(config, 'rt1');
    expect(tokens).toMatchObject({ accessToken: 'at2', refreshToken: 'rt2', scopes: ['openid', 'mail'] });
    // openid-client counts the remaining lifetime in whole seconds from the response's arrival.
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 59_000);
    expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(server.requests.at(-1)?.body.get('grant_type')).toBe('refresh_token');
    expect(server.requests.at(-1)?.body.get('client_id')).toBe('harbor');
  });

  it('sends no client_secret for a public client', async () => {
    const server = fakeServer({}, { '/token': () => json(200, { access_token: 'a', token_type: 'Bearer' }) });
    await tokenClientUsing(server.fetch).refresh(config, 'rt1');
    const sent = server.requests.at(-1)?.body;
    expect(sent?.get('client_id')).toBe('harbor');
    expect(sent?.has('client_secret')).toBe(false);
  });

  it('sends the client_secret in the body with the client_id when the client has one', async () => {
    const server = fakeServer({}, { '/token': () => json(200, { access_token: 'a', token_type: 'Bearer' }) });
    await tokenClientUsing(server.fetch).refresh({ ...config, clientSecret: 'installed-app-secret' }, 'rt1');
    const sent = server.requests.at(-1)?.body;
    expect(sent?.get('client_id')).toBe('harbor');
    expect(sent?.get('client_secret')).toBe('installed-app-secret');
  });

  it('keeps the client secret out of errors', async () => {
    const server = fakeServer({}, { '/token': () => json(400, { error: 'invalid_scope' }) });
    const error = await tokenClientUsing(server.fetch)
      .refresh({ ...config, clientSecret: 'installed-app-secret' }, 'rt1')
      .then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(JSON.stringify({ message: error?.message, ...error })).not.toContain('installed-app-secret');
  });

  it('leaves refreshToken out when the server did not rotate', async () => {
    const server = fakeServer(
      {},
      { '/token': () => json(200, { access_token: 'at2', token_type: 'Bearer', expires_in: 60, scope: 'mail' }) },
    );
    const tokens = await tokenClientUsing(server.fetch).refresh(config, 'rt1');
    expect(tokens).not.toHaveProperty('refreshToken');
    expect(tokens.scopes).toEqual(['mail']);
  });

  it('discovers once per issuer', async () => {
    const server = fakeServer(
      {},
      { '/token': () => json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 60 }) },
    );
    const client = tokenClientUsing(server.fetch);
    await client.refresh(config, 'r');
    await client.refresh(config, 'r');
    expect(server.requests.filter((request) => request.url.includes('.well-known'))).toHaveLength(1);
  });

  it('turns invalid_grant into InvalidGrantError with the description', async () => {
    const server = fakeServer(
      {},
      { '/token': () => json(400, { error: 'invalid_grant', error_description: 'grant request is invalid' }) },
    );
    const error = await tokenClientUsing(server.fetch)
      .refresh(config, 'rt1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error).toMatchObject({ description: 'grant request is invalid' });
  });

  it.each([
    [400, 'invalid_client', 'client authentication failed'],
    [401, 'invalid_client', undefined],
    [400, 'unauthorized_client', 'client not allowed to use refresh_token'],
  ])('turns a %i %s into InvalidGrantError that names the refusal', async (status, code, description) => {
    const server = fakeServer(
      {},
      { '/token': () => json(status, { error: code, ...(description ? { error_description: description } : {}) }) },
    );
    const client = tokenClientUsing(server.fetch);
    const error = await client.refresh(config, 'refresh-token-value').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidGrantError);
    const expected = `The provider refused Harbor Mail's client (${code})${description ? `: ${description}` : ''}.`;
    expect(error).toMatchObject({ description: expected });
    expect((error as InvalidGrantError).description).not.toContain('refresh-token-value');
  });

  it('a refused client puts the account into "sign in again" once, with no retry loop', async () => {
    const server = fakeServer({}, { '/token': () => json(401, { error: 'invalid_client' }) });
    const db = openDatabase(':memory:');
    const accounts = createAccountRepository(db);
    const activity = createActivityLog(db);
    const manager = createTokenManager({
      secrets: createSessionSecretStore(),
      accounts,
      activity,
      refresh: tokenClientUsing(server.fetch).refresh,
      clientConfig: () => config,
    });
    const { id } = accounts.upsertOnSignIn(
      {
        providerId: 'example',
        email: 'alice@example.test',
        displayName: 'Alice',
        issuer: ISSUER,
        clientId: config.clientId,
        scopes: config.scopes,
        imap: { host: 'imap.example.test', port: 993, security: 'tls' },
        smtp: { host: 'smtp.example.test', port: 465, security: 'tls' },
      },
      Date.now(),
    );
    await manager.adoptSignIn(id, { accessToken: 'at1', refreshToken: 'rt1', expiresAt: Date.now(), scopes: [] });

    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(manager.getAccessToken(id)).rejects.toMatchObject({
        code: 'SIGN_IN_REQUIRED',
        message: grantRejectedReason,
      });
    }
    expect(server.requests.filter((request) => request.url === `${ISSUER}/token`)).toHaveLength(1);
    expect(accounts.get(id)).toMatchObject({ status: 'needs-sign-in' });
    expect(activity.list(id, 10).filter((entry) => entry.kind === 'sign-in-required')).toHaveLength(1);
    expect(activity.list(id, 10).filter((entry) => entry.kind === 'refresh-failed')).toHaveLength(0);
  });

  it('other token errors name the OAuth error, not the token', async () => {
    const server = fakeServer({}, { '/token': () => json(400, { error: 'invalid_scope' }) });
    const error = await tokenClientUsing(server.fetch)
      .refresh(config, 'refresh-token-value')
      .catch((caught: unknown) => caught as Error);
    expect(error).not.toBeInstanceOf(InvalidGrantError);
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect((error as Error).message).toContain('"invalid_scope"');
    expect((error as Error).message).not.toContain('refresh-token-value');
  });
});

describe('discovery checks', () => {
  it('refuses metadata whose issuer differs, even by a trailing slash', async () => {
    const server = fakeServer({ issuer: `${ISSUER}/` });
    await expect(tokenClientUsing(server.fetch).refresh(config, 'r')).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringContaining('different issuer'),
    });
  });

  it('refuses a server without S256, and tries discovery again next time', async () => {
    const server = fakeServer({ code_challenge_methods_supported: ['plain'] });
    const client = tokenClientUsing(server.fetch);
    await expect(client.refresh(config, 'r')).rejects.toMatchObject({ message: expect.stringContaining('S256') });
    await expect(client.refresh(config, 'r')).rejects.toMatchObject({ message: expect.stringContaining('S256') });
    expect(server.requests.filter((request) => request.url.includes('.well-known'))).toHaveLength(2);
  });
});

describe('revoke', () => {
  const revocation = { revocation_endpoint: `${ISSUER}/revoke` };

  it('200 is revoked, sent with token_type_hint=refresh_token', async () => {
    const server = fakeServer(revocation, { '/revoke': () => new Response(null, { status: 200 }) });
    await expect(tokenClientUsing(server.fetch).revoke(config, 'rt1')).resolves.toBe('revoked');
    const sent = server.requests.at(-1)?.body;
    expect(sent?.get('token')).toBe('rt1');
    expect(sent?.get('token_type_hint')).toBe('refresh_token');
    expect(sent?.has('client_secret')).toBe(false);
  });

  it('authenticates with the client secret when the client has one', async () => {
    const server = fakeServer(revocation, { '/revoke': () => new Response(null, { status: 200 }) });
    const client = tokenClientUsing(server.fetch);
    await expect(client.revoke({ ...config, clientSecret: 'installed-app-secret' }, 'rt1')).resolves.toBe('revoked');
    const sent = server.requests.at(-1)?.body;
    expect(sent?.get('client_id')).toBe('harbor');
    expect(sent?.get('client_secret')).toBe('installed-app-secret');
  });

  it('503 is retry-later, with or without an OAuth error body', async () => {
    const plain = fakeServer(revocation, { '/revoke': () => new Response('busy', { status: 503 }) });
    await expect(tokenClientUsing(plain.fetch).revoke(config, 'rt1')).resolves.toBe('retry-later');
    const oauth = fakeServer(revocation, { '/revoke': () => json(503, { error: 'temporarily_unavailable' }) });
    await expect(tokenClientUsing(oauth.fetch).revoke(config, 'rt1')).resolves.toBe('retry-later');
  });

  it('no revocation endpoint is unsupported, with no request made', async () => {
    const server = fakeServer({});
    await expect(tokenClientUsing(server.fetch).revoke(config, 'rt1')).resolves.toBe('unsupported');
    expect(server.requests).toHaveLength(1);
  });

  it('other errors throw', async () => {
    const server = fakeServer(revocation, { '/revoke': () => json(400, { error: 'unsupported_token_type' }) });
    await expect(tokenClientUsing(server.fetch).revoke(config, 'rt1')).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
    const broken = fakeServer(revocation, { '/revoke': () => new Response('oops', { status: 500 }) });
    await expect(tokenClientUsing(broken.fetch).revoke(config, 'rt1')).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
  });
});

describe('client secrets in the provider catalog', () => {
  const appConfig = {
    clientIds: { google: 'google-id' },
    clientSecrets: { google: 'google-secret', yahoo: 'unused' },
    providers: [],
  } as unknown as AppConfig;
  const google = providerCatalog(appConfig).find((provider) => provider.id === 'google');

  it('go to the provider with a client ID, and nowhere else', () => {
    expect(google?.oauth).toMatchObject({ clientId: 'google-id', clientSecret: 'google-secret' });
    const yahoo = providerCatalog(appConfig).find((provider) => provider.id === 'yahoo');
    expect(yahoo?.oauth).toBeNull();
    const microsoft = providerCatalog({ ...appConfig, clientIds: { microsoft: 'ms' } } as AppConfig).find(
      (provider) => provider.id === 'microsoft',
    );
    expect(microsoft?.oauth).not.toHaveProperty('clientSecret');
  });

  it('reach a stored account only while its provider still names its issuer and client ID', () => {
    const issuer = google?.oauth?.issuer ?? '';
    expect(clientSecretOf(google, issuer, 'google-id')).toEqual({ clientSecret: 'google-secret' });
    expect(clientSecretOf(google, issuer, 'older-id')).toEqual({});
    expect(clientSecretOf(google, 'https://other.example', 'google-id')).toEqual({});
    expect(clientSecretOf(undefined, issuer, 'google-id')).toEqual({});
  });
});
