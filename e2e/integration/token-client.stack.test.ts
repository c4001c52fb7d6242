// Refresh and revocation through main/auth's token client against the stack's real
// authorization server, starting from a real sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginSignIn } from '../../main/auth/authorization-flow';
import { createTokenClient } from '../../main/auth/token-client';
import { InvalidGrantError, type OAuthClientConfig, type TokenSet } from '../../main/auth/types';
import { startMailStack } from '../stack/mail-stack';
import type { MailStack, StackUser } from '../stack/types';
import { completeInBrowser } from './system-browser';

let stack: MailStack;
let config: OAuthClientConfig;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  config = {
    issuer: stack.auth.issuer,
    clientId: stack.auth.appClientId,
    scopes: ['openid', 'email', 'offline_access', 'mail.imap', 'mail.smtp'],
  };
});

afterAll(async () => {
  await stack?.close();
});

const trust = () => ({ extraCa: [stack.ca.caPem] });

async function signIn(): Promise<TokenSet & { refreshToken: string }> {
  const user = stack.users[0] as StackUser;
  const pending = await beginSignIn(config, { trust: trust(), openBrowser: async () => undefined, prompt: 'consent' });
  await completeInBrowser(pending.authorizationUrl, {
    issuer: stack.auth.issuer,
    caPem: stack.ca.caPem,
    email: user.email,
    password: user.password,
  });
  const { tokens } = await pending.result;
  if (tokens.refreshToken === undefined) throw new Error('the sign-in gave no refresh token');
  return { ...tokens, refreshToken: tokens.refreshToken };
}

const refreshRequests = () => stack.auth.tokenRequests().filter((request) => request.grantType === 'refresh_token');

describe('refreshing', () => {
  it('rotates the refresh token; reusing the old one is invalid_grant', async () => {
    const client = createTokenClient(trust());
    const first = await signIn();
    const before = refreshRequests().length;

    const second = await client.refresh(config, first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toEqual(expect.any(String));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresAt).toBeGreaterThan(Date.now());
    expect(second.scopes).toEqual(expect.arrayContaining(['mail.imap', 'mail.smtp']));
    expect(refreshRequests().length).toBe(before + 1);

    const reuse = await client.refresh(config, first.refreshToken).catch((error: unknown) => error);
    expect(reuse).toBeInstanceOf(InvalidGrantError);
    expect((reuse as InvalidGrantError).message).not.toContain(first.refreshToken);
    // Reuse revoked the whole grant (RFC 9700 §4.14), the rotated token included.
    await expect(client.refresh(config, second.refreshToken ?? '')).rejects.toBeInstanceOf(InvalidGrantError);
  });
});

describe('revoking', () => {
  it('revokes with token_type_hint=refresh_token; the token then fails with InvalidGrantError', async () => {
    const client = createTokenClient(trust());
    const { refreshToken } = await signIn();
    const before = stack.auth.revocations().length;

    await expect(client.revoke(config, refreshToken)).resolves.toBe('revoked');
    const revocations = stack.auth.revocations().slice(before);
    expect(revocations).toEqual([
      expect.objectContaining({ clientId: config.clientId, tokenTypeHint: 'refresh_token' }),
    ]);
    await expect(client.refresh(config, refreshToken)).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('refuses a server whose certificate is not trusted', async () => {
    const client = createTokenClient({ extraCa: [] });
    await expect(client.revoke(config, 'any')).rejects.toMatchObject({ code: 'TLS_FAILED' });
  });
});
