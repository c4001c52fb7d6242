// Sign-in: Authorization Code + PKCE in the system browser with a loopback redirect (RFC 8252).
// openid-client builds the request and checks the response (state, RFC 9207 iss, ID token and
// nonce); this module owns the listener, the request parameters and the error wording.
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration,
  type CustomFetch,
} from 'openid-client';
import { AppError, isAppError } from '../../shared/errors';
import { openLoopbackListener } from './loopback-listener';
import { checkIdTokenIssuer, discoverClient } from './server-discovery';
import { signInError } from './sign-in-errors';
import { identityFrom, toTokenSet } from './token-response';
import { createTrustedFetch } from './trusted-fetch';
import type { NetworkTrust, OAuthClientConfig, SignInResult } from './types';

export interface SignInOptions {
  trust: NetworkTrust;
  /** Replaces the fetch built from `trust` (tests: a fake authorization server). */
  fetch?: CustomFetch;
  /** Opens the URL in the system browser, never in an app window (RFC 8252 §8.12). */
  openBrowser: (url: string) => Promise<void>;
  /** Default 5 minutes. */
  timeoutMs?: number;
  loginHint?: string;
  prompt?: string;
  onCallbackReceived?: () => void;
}

export interface PendingSignIn {
  authorizationUrl: string;
  redirectUri: string;
  result: Promise<SignInResult>;
  /** Stops waiting for the browser: the listener closes and `result` rejects with SIGN_IN_CANCELLED. */
  cancel(): void;
  openBrowserAgain(): Promise<void>;
}

/** Parameters a provider preset may not override: they carry the request's protections. */
const PROTECTED_PARAMETERS = new Set([
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

interface RequestSecrets {
  state: string;
  codeVerifier: string;
  nonce?: string;
}

async function authorizationParameters(
  config: OAuthClientConfig,
  options: SignInOptions,
  redirectUri: string,
  secrets: RequestSecrets,
): Promise<Record<string, string>> {
  const presetParameters = Object.entries(config.extraAuthorizationParams ?? {}).filter(
    ([name]) => !PROTECTED_PARAMETERS.has(name),
  );
  return {
    ...Object.fromEntries(presetParameters),
    ...(options.loginHint === undefined ? {} : { login_hint: options.loginHint }),
    ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
    client_id: config.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: config.scopes.join(' '),
    state: secrets.state,
    code_challenge: await calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: 'S256',
    ...(secrets.nonce === undefined ? {} : { nonce: secrets.nonce }),
  };
}

/** Exchanges the callback at the token endpoint of the server this request was sent to (mix-up defense). */
async function completeSignIn(
  client: Configuration,
  config: OAuthClientConfig,
  callback: URL,
  secrets: RequestSecrets,
): Promise<SignInResult> {
  const response = await authorizationCodeGrant(client, callback, {
    pkceCodeVerifier: secrets.codeVerifier,
    expectedState: secrets.state,
    ...(secrets.nonce === undefined ? {} : { expectedNonce: secrets.nonce, idTokenExpected: true }),
  });
  checkIdTokenIssuer(client, response.claims(), config);
  return {
    issuer: config.issuer,
    clientId: config.clientId,
    tokens: toTokenSet(response, config.scopes),
    identity: identityFrom(response),
  };
}

export async function beginSignIn(config: OAuthClientConfig, options: SignInOptions): Promise<PendingSignIn> {
  const client = await discoverClient(config, options.fetch ?? createTrustedFetch(options.trust));
  const secrets: RequestSecrets = {
    state: randomState(),
    codeVerifier: randomPKCECodeVerifier(),
    ...(config.scopes.includes('openid') ? { nonce: randomNonce() } : {}),
  };
  const listener = await openLoopbackListener({
    expectedState: secrets.state,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onCallbackReceived === undefined ? {} : { onCallbackReceived: options.onCallbackReceived }),
  });
  const parameters = await authorizationParameters(config, options, listener.redirectUri, secrets);
  const authorizationUrl = buildAuthorizationUrl(client, parameters).href;

  const result = listener.callback
    .then((callback) => completeSignIn(client, config, callback, secrets))
    .catch((error: unknown) => {
      throw signInError(error, config.issuer);
    });
  // The outcome may arrive before the caller attaches to `result` (a denial, a cancel from the UI):
  // that is not an unhandled rejection, the caller still sees it when it awaits.
  result.catch(() => undefined);
  const openBrowser = async (): Promise<void> => {
    try {
      await options.openBrowser(authorizationUrl);
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError('SIGN_IN_FAILED', 'The browser could not be opened to sign in.');
    }
  };

  try {
    await openBrowser();
  } catch (error) {
    listener.cancel();
    throw error;
  }
  return {
    authorizationUrl,
    redirectUri: listener.redirectUri,
    result,
    cancel: () => listener.cancel(),
    openBrowserAgain: openBrowser,
  };
}
