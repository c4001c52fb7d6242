// A browserless OAuth client for stack tests: the real Authorization Code flow with PKCE over
// HTTPS (trusting only the test CA), filling in the server's sign-in and consent forms with a
// cookie jar, catching the redirect to the loopback address and exchanging the code.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { CookieJar, httpsRequest, type HttpsResponse } from './https-client';
import { discover, OAuthStepError, requestTokens, type TokenSet } from './oauth-requests';

export { discover, introspect, OAuthStepError, refresh, registerNativeClient, revoke } from './oauth-requests';
export type { Discovery, TokenSet } from './oauth-requests';

export interface SignInOptions {
  issuer: string;
  caPem: string;
  clientId: string;
  email: string;
  password: string;
  scope: string;
  /** Default http://127.0.0.1:<random port>/callback; nothing needs to listen there. */
  redirectUri?: string;
  loginHint?: string;
  /** Default 'consent': oidc-provider drops offline_access (no refresh token) without it. */
  prompt?: string;
  /** The answer on the consent page, default 'allow'. */
  consent?: 'allow' | 'deny';
  /** For tests of the server's PKCE policy: 'plain', or 'omit' to send no code_challenge. */
  codeChallengeMethod?: 'S256' | 'plain' | 'omit';
}

const MAX_STEPS = 12;

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function pkceParams(method: SignInOptions['codeChallengeMethod'], verifier: string): Record<string, string> {
  switch (method ?? 'S256') {
    case 'S256':
      return {
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      };
    case 'plain':
      return { code_challenge: verifier, code_challenge_method: 'plain' };
    case 'omit':
      return {};
  }
}

function formAction(html: string, base: URL): URL | undefined {
  const action = /<form[^>]*\saction="([^"]+)"/.exec(html)?.[1];
  return action === undefined ? undefined : new URL(action.replaceAll('&amp;', '&'), base);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function isRedirect(response: HttpsResponse): boolean {
  return response.status >= 300 && response.status < 400 && typeof response.headers.location === 'string';
}

/** What a person types and clicks in the browser, and the server they do it at. */
export type BrowserLogin = Pick<SignInOptions, 'issuer' | 'caPem' | 'email' | 'password' | 'consent'>;

/** Walks redirects and pages from the authorization request to the redirect back to the app. */
export async function authorize(opts: BrowserLogin, authorizationUrl: URL, redirectUri: URL): Promise<URL> {
  const jar = new CookieJar();
  const issuerOrigin = new URL(opts.issuer).origin;
  let url = authorizationUrl;
  let form: { method: 'GET' | 'POST'; body?: string } = { method: 'GET' };
  let signedIn = false;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    if (url.origin !== issuerOrigin) throw new OAuthStepError('authorize', `unexpected redirect to ${url.origin}`);
    const headers: Record<string, string> = { cookie: jar.header(), accept: 'text/html' };
    if (form.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    let response: HttpsResponse;
    try {
      response = await httpsRequest(url, { caPem: opts.caPem, headers, ...form });
    } catch (error) {
      throw new OAuthStepError('authorize', `request failed: ${(error as Error).message}`);
    }
    jar.store(response.headers['set-cookie']);
    form = { method: 'GET' };
    if (isRedirect(response)) {
      const next = new URL(response.headers.location as string, url);
      if (next.origin === redirectUri.origin && next.pathname === redirectUri.pathname) return next;
      url = next;
      continue;
    }
    const action = formAction(response.body, url);
    if (action && response.body.includes('name="password"')) {
      if (signedIn) throw new OAuthStepError('login', `sign-in refused: ${visibleText(response.body)}`);
      signedIn = true;
      form = { method: 'POST', body: new URLSearchParams({ email: opts.email, password: opts.password }).toString() };
      url = action;
    } else if (action && response.body.includes('name="decision"')) {
      form = { method: 'POST', body: new URLSearchParams({ decision: opts.consent ?? 'allow' }).toString() };
      url = action;
    } else {
      throw new OAuthStepError('authorize', `unexpected page (HTTP ${response.status}): ${visibleText(response.body)}`);
    }
  }
  throw new OAuthStepError('authorize', `no redirect back to the app after ${MAX_STEPS} steps`);
}

/** Checks the authorization response (RFC 6749 §4.1.2, RFC 9207 `iss`) and returns the code. */
function authorizationCode(callback: URL, state: string, issuer: string): string {
  const params = callback.searchParams;
  if (params.get('state') !== state) throw new OAuthStepError('callback', 'state does not match');
  if (params.get('iss') !== issuer) throw new OAuthStepError('callback', 'iss does not match the issuer');
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    throw new OAuthStepError('authorize', `${error}${description ? ` (${description})` : ''}`, error);
  }
  const code = params.get('code');
  if (!code) throw new OAuthStepError('callback', 'no code in the redirect');
  return code;
}

export async function signInProgrammatically(opts: SignInOptions): Promise<TokenSet> {
  const discovery = await discover(opts);
  const redirectUri = opts.redirectUri ?? `http://127.0.0.1:${randomInt(20_000, 60_000)}/callback`;
  const verifier = randomToken();
  const state = randomToken();
  const authorizationUrl = new URL(discovery.authorization_endpoint);
  const query: Record<string, string> = {
    response_type: 'code',
    client_id: opts.clientId,
    redirect_uri: redirectUri,
    scope: opts.scope,
    state,
    prompt: opts.prompt ?? 'consent',
    ...pkceParams(opts.codeChallengeMethod, verifier),
  };
  if (opts.loginHint !== undefined) query.login_hint = opts.loginHint;
  authorizationUrl.search = new URLSearchParams(query).toString();

  const callback = await authorize(opts, authorizationUrl, new URL(redirectUri));
  const code = authorizationCode(callback, state, opts.issuer);
  return requestTokens(
    'token',
    opts,
    { clientId: opts.clientId },
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    },
  );
}
