// Direct calls to the authorization server's endpoints for stack tests: discovery, token
// (code exchange and refresh), revocation, introspection and dynamic client registration.
// Errors name the step and the OAuth error code, never a token value.
import { httpsRequest, type HttpsResponse } from './https-client';

export class OAuthStepError extends Error {
  constructor(
    readonly step: string,
    detail: string,
    /** The OAuth `error` code when the server sent one, e.g. 'invalid_grant'. */
    readonly oauthError?: string,
  ) {
    super(`${step}: ${detail}`);
    this.name = 'OAuthStepError';
  }
}

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
  registration_endpoint: string;
  code_challenge_methods_supported: string[];
  authorization_response_iss_parameter_supported?: boolean;
  [field: string]: unknown;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresIn: number;
  scope: string;
}

export interface ServerAccess {
  issuer: string;
  caPem: string;
}

export interface ClientCredentials {
  clientId: string;
  /** Confidential clients only; sent with HTTP Basic (client_secret_basic). */
  clientSecret?: string;
}

function parseJson(step: string, response: HttpsResponse): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed !== null && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new OAuthStepError(step, `expected a JSON object, got HTTP ${response.status}`);
}

function failure(step: string, response: HttpsResponse): OAuthStepError {
  const body = parseJson(step, response);
  const code = typeof body.error === 'string' ? body.error : undefined;
  const description = typeof body.error_description === 'string' ? ` (${body.error_description})` : '';
  return new OAuthStepError(step, `HTTP ${response.status} ${code ?? 'without an error code'}${description}`, code);
}

async function postForm(
  step: string,
  endpoint: string,
  access: ServerAccess,
  client: ClientCredentials,
  fields: Record<string, string>,
): Promise<HttpsResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const form = new URLSearchParams(fields);
  if (client.clientSecret === undefined) {
    form.set('client_id', client.clientId);
  } else {
    const encode = (value: string) => encodeURIComponent(value);
    headers.authorization = `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
  }
  try {
    return await httpsRequest(new URL(endpoint), {
      caPem: access.caPem,
      method: 'POST',
      headers,
      body: form.toString(),
    });
  } catch (error) {
    throw new OAuthStepError(step, `request failed: ${(error as Error).message}`);
  }
}

export async function discover(access: ServerAccess): Promise<Discovery> {
  const url = new URL(`${access.issuer}/.well-known/openid-configuration`);
  let response: HttpsResponse;
  try {
    response = await httpsRequest(url, { caPem: access.caPem });
  } catch (error) {
    throw new OAuthStepError('discovery', `request failed: ${(error as Error).message}`);
  }
  if (response.status !== 200) throw new OAuthStepError('discovery', `HTTP ${response.status}`);
  const document = parseJson('discovery', response) as Discovery;
  if (document.issuer !== access.issuer) throw new OAuthStepError('discovery', 'issuer does not match');
  return document;
}

function toTokenSet(step: string, body: Record<string, unknown>): TokenSet {
  const { access_token, refresh_token, id_token, expires_in, scope } = body;
  if (typeof access_token !== 'string' || typeof expires_in !== 'number' || typeof scope !== 'string') {
    throw new OAuthStepError(step, 'token response lacks access_token, expires_in or scope');
  }
  return {
    accessToken: access_token,
    expiresIn: expires_in,
    scope,
    ...(typeof refresh_token === 'string' ? { refreshToken: refresh_token } : {}),
    ...(typeof id_token === 'string' ? { idToken: id_token } : {}),
  };
}

export async function requestTokens(
  step: string,
  access: ServerAccess,
  client: ClientCredentials,
  fields: Record<string, string>,
): Promise<TokenSet> {
  const { token_endpoint } = await discover(access);
  const response = await postForm(step, token_endpoint, access, client, fields);
  if (response.status !== 200) throw failure(step, response);
  return toTokenSet(step, parseJson(step, response));
}

export function refresh(opts: ServerAccess & ClientCredentials & { refreshToken: string }): Promise<TokenSet> {
  return requestTokens('refresh', opts, opts, { grant_type: 'refresh_token', refresh_token: opts.refreshToken });
}

export async function revoke(
  opts: ServerAccess & ClientCredentials & { token: string; tokenTypeHint?: 'access_token' | 'refresh_token' },
): Promise<void> {
  const { revocation_endpoint } = await discover(opts);
  const fields: Record<string, string> = { token: opts.token };
  if (opts.tokenTypeHint) fields.token_type_hint = opts.tokenTypeHint;
  const response = await postForm('revoke', revocation_endpoint, opts, opts, fields);
  if (response.status !== 200) throw failure('revoke', response);
}

export async function introspect(
  opts: ServerAccess & ClientCredentials & { token: string },
): Promise<Record<string, unknown>> {
  const { introspection_endpoint } = await discover(opts);
  const response = await postForm('introspect', introspection_endpoint, opts, opts, { token: opts.token });
  if (response.status !== 200) throw failure('introspect', response);
  return parseJson('introspect', response);
}

/** RFC 7591 registration of a native public client with a loopback redirect (any port). */
export async function registerNativeClient(
  opts: ServerAccess & { clientName: string; redirectUris?: string[] },
): Promise<{ clientId: string }> {
  const { registration_endpoint } = await discover(opts);
  const body = JSON.stringify({
    application_type: 'native',
    client_name: opts.clientName,
    redirect_uris: opts.redirectUris ?? ['http://127.0.0.1/callback'],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  });
  const response = await httpsRequest(new URL(registration_endpoint), {
    caPem: opts.caPem,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
  if (response.status !== 201) throw failure('register', response);
  const { client_id } = parseJson('register', response);
  if (typeof client_id !== 'string') throw new OAuthStepError('register', 'response lacks client_id');
  return { clientId: client_id };
}
