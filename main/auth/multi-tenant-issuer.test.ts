// Microsoft's common endpoint: its metadata names the issuer template
// https://login.microsoftonline.com/{tenantid}/v2.0 and each ID token its own tenant's issuer.
// Against a fake server behind the fetch openid-client is given, with ID tokens really signed.
import { generateKeyPairSync, sign } from 'node:crypto';
import { request } from 'node:http';
import type { CustomFetch } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { beginSignIn } from './authorization-flow';
import { providerCatalog, serverQuirksOf } from './provider-catalog';
import { providerPresets } from './provider-presets';
import { tokenClientUsing } from './token-client';
import type { OAuthClientConfig } from './types';
import type { AppConfig } from '../config/app-config';

const MICROSOFT = 'https://login.microsoftonline.com';
const COMMON = `${MICROSOFT}/common/v2.0`;
const TEMPLATE = `${MICROSOFT}/{tenantid}/v2.0`;
const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const OTHER_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = 'harbor';

const microsoft: OAuthClientConfig = {
  issuer: COMMON,
  clientId: CLIENT_ID,
  scopes: ['openid', 'email', 'offline_access', 'https://outlook.office.com/IMAP.AccessAsUser.All'],
  multiTenantIssuerTemplate: TEMPLATE,
  s256WithoutMetadata: true,
};

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] };

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function idToken(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const signed = `${base64url({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${base64url({
    sub: 'subject',
    aud: CLIENT_ID,
    iat: now,
    exp: now + 300,
    email: 'alice@contoso.example',
    ...claims,
  })}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
}

const tenantClaims = (tid: string) => ({ iss: `${MICROSOFT}/${tid}/v2.0`, tid });

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

interface FakeServer {
  fetch: CustomFetch;
  requests: Array<{ url: string; body: URLSearchParams }>;
  /** The nonce the next ID token carries (what the authorization request sent). */
  nonce?: string;
}

/**
 * An authorization server at `issuer` whose metadata names `named` (Microsoft: the template) and
 * whose token endpoint answers with an ID token of `claims`, like Microsoft without `offline_access`
 * in the granted scope and without a revocation endpoint.
 */
function fakeServer(
  claims: Record<string, unknown>,
  { issuer = COMMON, named = TEMPLATE, metadata = {} as Record<string, unknown> } = {},
): FakeServer {
  const server: FakeServer = {
    requests: [],
    fetch: async (url, options) => {
      const body = new URLSearchParams(options.body as string | URLSearchParams | undefined);
      server.requests.push({ url, body });
      if (url === `${issuer}/.well-known/openid-configuration`) {
        return json(200, {
          issuer: named,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          ...metadata,
        });
      }
      if (url === `${issuer}/keys`) return json(200, jwks);
      if (url === `${issuer}/token`) {
        return json(200, {
          access_token: 'at',
          refresh_token: 'rt2',
          token_type: 'Bearer',
          expires_in: 3600,
          scope: 'https://outlook.office.com/IMAP.AccessAsUser.All openid email',
          id_token: idToken({ ...claims, ...(server.nonce === undefined ? {} : { nonce: server.nonce }) }),
        });
      }
      return json(404, { error: 'not_found' });
    },
  };
  return server;
}

const refreshWith = (server: FakeServer, config: OAuthClientConfig = microsoft) =>
  tokenClientUsing(server.fetch).refresh(config, 'rt1');

describe('metadata naming a multi-tenant issuer template', () => {
  it('is accepted for the configured template, without listed PKCE methods where S256 is documented', async () => {
    const tokens = await refreshWith(fakeServer(tenantClaims(TENANT)));
    // The granted scope omits offline_access; the rotated refresh token is kept all the same.
    expect(tokens).toMatchObject({ accessToken: 'at', refreshToken: 'rt2' });
    expect(tokens.scopes).not.toContain('offline_access');
  });

  it('has no revocation endpoint: sign-out is local', async () => {
    const server = fakeServer(tenantClaims(TENANT));
    await expect(tokenClientUsing(server.fetch).revoke(microsoft, 'rt1')).resolves.toBe('unsupported');
  });

  it('is refused when the client names no template, or a different one', async () => {
    const withoutTemplate = { ...microsoft, multiTenantIssuerTemplate: undefined };
    await expect(refreshWith(fakeServer(tenantClaims(TENANT)), withoutTemplate)).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringContaining('different issuer'),
    });
    const otherTemplate = { ...microsoft, multiTenantIssuerTemplate: `${MICROSOFT}/{tenantid}/v2.0/` };
    await expect(refreshWith(fakeServer(tenantClaims(TENANT)), otherTemplate)).rejects.toMatchObject({
      message: expect.stringContaining('different issuer'),
    });
  });

  it('is refused when the metadata names neither the issuer nor the template', async () => {
    const server = fakeServer(tenantClaims(TENANT), { named: `${MICROSOFT}/${TENANT}/v2.0` });
    await expect(refreshWith(server)).rejects.toMatchObject({ message: expect.stringContaining('different issuer') });
  });

  it('still needs S256 when the metadata lists methods', async () => {
    const server = fakeServer(tenantClaims(TENANT), { metadata: { code_challenge_methods_supported: ['plain'] } });
    await expect(refreshWith(server)).rejects.toMatchObject({ message: expect.stringContaining('S256') });
    const undocumented = { ...microsoft, s256WithoutMetadata: undefined };
    await expect(refreshWith(fakeServer(tenantClaims(TENANT)), undocumented)).rejects.toMatchObject({
      message: expect.stringContaining('S256'),
    });
  });
});

describe('an ID token from a multi-tenant endpoint', () => {
  it('is accepted when its iss is the template with its own tid, whatever the tenant', async () => {
    await expect(refreshWith(fakeServer(tenantClaims(TENANT)))).resolves.toMatchObject({ accessToken: 'at' });
    await expect(refreshWith(fakeServer(tenantClaims(OTHER_TENANT.toUpperCase())))).resolves.toMatchObject({
      accessToken: 'at',
    });
  });

  it.each([
    [
      'another issuer',
      { iss: `https://login.example/${TENANT}/v2.0`, tid: TENANT },
      'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
    ],
    ['the template itself', { iss: TEMPLATE, tid: TENANT }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    [
      'a tid that does not match its iss',
      { iss: `${MICROSOFT}/${OTHER_TENANT}/v2.0`, tid: TENANT },
      'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
    ],
    ['no tid', { iss: `${MICROSOFT}/${TENANT}/v2.0` }, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
    ['a tid that is not a GUID', tenantClaims('common'), 'different server'],
    ['a tid with a path in it', tenantClaims(`${TENANT}/v2.0/x`), 'different server'],
    ['a tid that is not a string', { iss: `${MICROSOFT}/1/v2.0`, tid: 1 }, 'different server'],
  ])('is refused with %s', async (_case, claims, by) => {
    // openid-client's own check catches most; the GUID requirement is ours.
    await expect(refreshWith(fakeServer(claims))).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringContaining(by),
    });
  });
});

describe('other providers', () => {
  const ISSUER = 'https://login.example';
  const exact: OAuthClientConfig = { issuer: ISSUER, clientId: CLIENT_ID, scopes: ['openid'] };
  const pkce = { code_challenge_methods_supported: ['S256'] };

  it('accept metadata and ID tokens naming exactly their issuer', async () => {
    const server = fakeServer({ iss: ISSUER }, { issuer: ISSUER, named: ISSUER, metadata: pkce });
    await expect(refreshWith(server, exact)).resolves.toMatchObject({ accessToken: 'at' });
  });

  it('refuse a templated issuer, even when the template is configured', async () => {
    const template = `${ISSUER}/{tenantid}`;
    const server = fakeServer(
      { iss: `${ISSUER}/${TENANT}`, tid: TENANT },
      { issuer: ISSUER, named: template, metadata: pkce },
    );
    await expect(refreshWith(server, { ...exact, multiTenantIssuerTemplate: template })).rejects.toMatchObject({
      message: expect.stringContaining('different issuer'),
    });
  });

  it('refuse an ID token naming another issuer, tid or not', async () => {
    const server = fakeServer(
      { iss: `${ISSUER}/${TENANT}`, tid: TENANT },
      { issuer: ISSUER, named: ISSUER, metadata: pkce },
    );
    await expect(refreshWith(server, exact)).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
  });

  it('need S256 listed in their metadata', async () => {
    const server = fakeServer({ iss: ISSUER }, { issuer: ISSUER, named: ISSUER });
    await expect(refreshWith(server, exact)).rejects.toMatchObject({ message: expect.stringContaining('S256') });
  });
});

describe('the Microsoft preset', () => {
  it('is the only one declaring the quirks, and the catalog passes them on to sign-in and refresh', () => {
    const withQuirks = providerPresets.filter(
      (preset) => preset.multiTenantIssuerTemplate !== undefined || preset.s256WithoutMetadata !== undefined,
    );
    expect(withQuirks.map((preset) => preset.id)).toEqual(['microsoft']);
    const config = {
      clientIds: { microsoft: CLIENT_ID, google: CLIENT_ID },
      clientSecrets: {},
      providers: [],
    } as unknown as AppConfig;
    const catalog = providerCatalog(config);
    const provider = catalog.find((candidate) => candidate.id === 'microsoft');
    expect(provider?.oauth).toMatchObject({
      issuer: COMMON,
      multiTenantIssuerTemplate: TEMPLATE,
      s256WithoutMetadata: true,
    });
    expect(serverQuirksOf(provider, COMMON)).toEqual({
      multiTenantIssuerTemplate: TEMPLATE,
      s256WithoutMetadata: true,
    });
    // An account signed in at another issuer, or with another provider, gets none.
    expect(serverQuirksOf(provider, `${MICROSOFT}/${TENANT}/v2.0`)).toEqual({});
    expect(
      serverQuirksOf(
        catalog.find((candidate) => candidate.id === 'google'),
        'https://accounts.google.com',
      ),
    ).toEqual({});
  });
});

function visit(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sign-in at a multi-tenant endpoint', () => {
  /** Signs in with a browser that returns `extra` callback parameters besides code and state. */
  async function signIn(server: FakeServer, extra: Record<string, string> = {}) {
    let sent: URL | undefined;
    const flow = await beginSignIn(microsoft, {
      trust: { extraCa: [] },
      fetch: server.fetch,
      openBrowser: async (url) => {
        sent = new URL(url);
        server.nonce = sent.searchParams.get('nonce') ?? undefined;
        const redirect = new URL(sent.searchParams.get('redirect_uri') ?? '');
        redirect.search = new URLSearchParams({
          code: 'code',
          state: sent.searchParams.get('state') ?? '',
          ...extra,
        }).toString();
        setTimeout(() => void visit(redirect.href), 0);
      },
    });
    const result = await flow.result;
    return { result, sent: sent as URL };
  }

  it('sends PKCE S256, state and nonce and accepts the tenant ID token without an iss parameter', async () => {
    const server = fakeServer(tenantClaims(TENANT));
    const { result, sent } = await signIn(server);
    expect(sent.origin + sent.pathname).toBe(`${COMMON}/authorize`);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('state')).toBeTruthy();
    expect(sent.searchParams.get('nonce')).toBeTruthy();
    expect(result).toMatchObject({ issuer: COMMON, identity: { sub: 'subject', email: 'alice@contoso.example' } });
    const exchange = server.requests.find((entry) => entry.url === `${COMMON}/token`);
    expect(exchange?.body.get('code_verifier')).toBeTruthy();
  });

  it('refuses an ID token whose iss is not the template with its tid', async () => {
    const server = fakeServer({ iss: `${MICROSOFT}/${OTHER_TENANT}/v2.0`, tid: TENANT });
    await expect(signIn(server)).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
  });

  it('refuses a non-GUID tenant even when its iss matches', async () => {
    await expect(signIn(fakeServer(tenantClaims('common')))).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const server = fakeServer(tenantClaims(TENANT));
    const fetch = server.fetch;
    server.fetch = async (url, options) => {
      server.nonce = 'another-nonce';
      return fetch(url, options);
    };
    await expect(signIn(server)).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
  });

  it('refuses an iss parameter on the redirect that is not the issuer the metadata names (RFC 9207)', async () => {
    const server = fakeServer(tenantClaims(TENANT));
    await expect(signIn(server, { iss: `${MICROSOFT}/${TENANT}/v2.0` })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
  });
});
