import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer } from './auth-server';
import {
  discover,
  introspect,
  OAuthStepError,
  refresh,
  registerNativeClient,
  revoke,
  signInProgrammatically,
} from './oauth-test-client';
import { createTestCa } from './test-ca';
import type { AuthServer, StackUser, TestCa } from './types';

const alice: StackUser = { email: 'alice@example.test', password: 'correct horse', name: 'Alice Example' };
const bob: StackUser = { email: 'bob@example.test', password: 'battery staple', name: 'Bob Example' };
const MAIL_SCOPE = 'openid email offline_access mail.imap mail.smtp';

let dir: string;
let ca: TestCa;
let server: AuthServer;

function signIn(user: StackUser, extra: Partial<Parameters<typeof signInProgrammatically>[0]> = {}) {
  return signInProgrammatically({
    issuer: server.issuer,
    caPem: ca.caPem,
    clientId: server.appClientId,
    email: user.email,
    password: user.password,
    scope: MAIL_SCOPE,
    ...extra,
  });
}

function introspectAsMailServers(target: AuthServer, token: string) {
  return introspect({
    issuer: target.issuer,
    caPem: ca.caPem,
    clientId: target.introspection.clientId,
    clientSecret: target.introspection.clientSecret,
    token,
  });
}

function refreshAsApp(refreshToken: string, clientId = server.appClientId) {
  return refresh({ issuer: server.issuer, caPem: ca.caPem, clientId, refreshToken });
}

function jwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harbor-auth-'));
  ca = await createTestCa(dir);
  server = await startAuthServer({ dir, ca, users: [alice, bob] });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('authorization server', () => {
  it('publishes discovery for PKCE S256, RFC 9207 iss, registration, revocation and introspection', async () => {
    const document = await discover({ issuer: server.issuer, caPem: ca.caPem });
    expect(document.issuer).toBe(server.issuer);
    expect(server.issuer).toBe(`https://127.0.0.1:${server.port}`);
    expect(document.code_challenge_methods_supported).toEqual(['S256']);
    expect(document.authorization_response_iss_parameter_supported).toBe(true);
    expect(document.registration_endpoint).toMatch(new RegExp(`^${server.issuer}/`));
    expect(document.revocation_endpoint).toBe(server.revocationUrl);
    expect(document.introspection_endpoint).toBe(server.introspection.url);
  });

  it('signs a user in with the app client and issues an opaque mail access token and a refresh token', async () => {
    const tokens = await signIn(alice);
    expect(tokens.accessToken.split('.')).toHaveLength(1);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.scope.split(' ').sort()).toEqual(['mail.imap', 'mail.smtp']);
    expect(tokens.expiresIn).toBeGreaterThan(3500);
    expect(jwtPayload(tokens.idToken ?? '')).toMatchObject({
      sub: alice.email,
      email: alice.email,
      iss: server.issuer,
    });
  });

  it('refuses a wrong password without completing the sign-in', async () => {
    const codeExchangesBefore = server.tokenRequests().length;
    const attempt = signIn(alice, { password: 'wrong password' });
    await expect(attempt).rejects.toThrow(OAuthStepError);
    await expect(attempt).rejects.toThrow(/^login: .*Wrong email or password/);
    expect(server.tokenRequests()).toHaveLength(codeExchangesBefore);
  });

  it('ends with access_denied when the user denies consent', async () => {
    await expect(signIn(bob, { consent: 'deny' })).rejects.toMatchObject({
      step: 'authorize',
      oauthError: 'access_denied',
    });
  });

  it('tells the mail servers who the token belongs to and what it allows', async () => {
    const tokens = await signIn(bob);
    const answer = await introspectAsMailServers(server, tokens.accessToken);
    expect(answer).toMatchObject({
      active: true,
      sub: bob.email,
      email: bob.email,
      client_id: server.appClientId,
      aud: 'urn:harbor:mail',
      token_type: 'Bearer',
    });
    expect(String(answer.scope).split(' ').sort()).toEqual(server.mailScopes);
  });

  it('refuses introspection with a wrong client secret', async () => {
    const tokens = await signIn(bob);
    const attempt = introspect({
      issuer: server.issuer,
      caPem: ca.caPem,
      clientId: server.introspection.clientId,
      clientSecret: 'not-the-secret',
      token: tokens.accessToken,
    });
    await expect(attempt).rejects.toMatchObject({ step: 'introspect', oauthError: 'invalid_client' });
  });

  it('rotates refresh tokens and treats reuse of an old one as theft', async () => {
    const first = await signIn(alice);
    const refreshesBefore = server.tokenRequests().filter((entry) => entry.grantType === 'refresh_token').length;
    const second = await refreshAsApp(first.refreshToken ?? '');
    expect(second.refreshToken).toEqual(expect.any(String));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await introspectAsMailServers(server, second.accessToken)).toMatchObject({
      active: true,
      email: alice.email,
    });

    await expect(refreshAsApp(first.refreshToken ?? '')).rejects.toMatchObject({
      step: 'refresh',
      oauthError: 'invalid_grant',
    });
    // Reuse revokes the whole grant, so the newest refresh token dies too.
    await expect(refreshAsApp(second.refreshToken ?? '')).rejects.toMatchObject({ oauthError: 'invalid_grant' });
    expect(await introspectAsMailServers(server, second.accessToken)).toEqual({ active: false });
    const refreshes = server.tokenRequests().filter((entry) => entry.grantType === 'refresh_token');
    expect(refreshes.slice(refreshesBefore)).toEqual([
      { at: expect.any(Number), grantType: 'refresh_token', clientId: server.appClientId },
      { at: expect.any(Number), grantType: 'refresh_token', clientId: server.appClientId },
      { at: expect.any(Number), grantType: 'refresh_token', clientId: server.appClientId },
    ]);
  });

  it('revokes a refresh token (RFC 7009) together with its access tokens and records the revocation', async () => {
    const tokens = await signIn(bob);
    const revocationsBefore = server.revocations().length;
    await revoke({
      issuer: server.issuer,
      caPem: ca.caPem,
      clientId: server.appClientId,
      token: tokens.refreshToken ?? '',
      tokenTypeHint: 'refresh_token',
    });
    await expect(refreshAsApp(tokens.refreshToken ?? '')).rejects.toMatchObject({ oauthError: 'invalid_grant' });
    expect(await introspectAsMailServers(server, tokens.accessToken)).toEqual({ active: false });
    expect(server.revocations().slice(revocationsBefore)).toEqual([
      { at: expect.any(Number), clientId: server.appClientId, tokenTypeHint: 'refresh_token' },
    ]);
  });

  it('rejects authorization requests with PKCE plain or without a code challenge', async () => {
    const plain = signIn(alice, { codeChallengeMethod: 'plain' });
    await expect(plain).rejects.toMatchObject({ step: 'authorize', oauthError: 'invalid_request' });
    await expect(plain).rejects.toThrow(/code_challenge_method/);
    const omitted = signIn(alice, { codeChallengeMethod: 'omit' });
    await expect(omitted).rejects.toMatchObject({ step: 'authorize', oauthError: 'invalid_request' });
    await expect(omitted).rejects.toThrow(/requires PKCE/);
  });

  it('lets a native client register itself (RFC 7591) and sign in on a loopback redirect', async () => {
    const { clientId } = await registerNativeClient({
      issuer: server.issuer,
      caPem: ca.caPem,
      clientName: 'Harbor Test Build',
    });
    expect(clientId).not.toBe(server.appClientId);
    const tokens = await signIn(alice, { clientId, redirectUri: 'http://127.0.0.1:51234/callback' });
    expect(await introspectAsMailServers(server, tokens.accessToken)).toMatchObject({
      active: true,
      client_id: clientId,
      email: alice.email,
    });
    const refreshed = await refreshAsApp(tokens.refreshToken ?? '', clientId);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
  });
});

describe('authorization server with a short access token lifetime', () => {
  let shortLived: AuthServer;

  beforeAll(async () => {
    shortLived = await startAuthServer({ dir, ca, users: [alice], accessTokenTtlSeconds: 2 });
  });

  afterAll(async () => {
    await shortLived?.close();
  });

  it('reports the access token inactive once it has expired', async () => {
    const tokens = await signInProgrammatically({
      issuer: shortLived.issuer,
      caPem: ca.caPem,
      clientId: shortLived.appClientId,
      email: alice.email,
      password: alice.password,
      scope: MAIL_SCOPE,
    });
    expect(tokens.expiresIn).toBeLessThanOrEqual(2);
    expect(await introspectAsMailServers(shortLived, tokens.accessToken)).toMatchObject({ active: true });
    await sleep(3_000);
    expect(await introspectAsMailServers(shortLived, tokens.accessToken)).toEqual({ active: false });
  });
});
