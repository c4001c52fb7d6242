// Refresh (RFC 6749 §6) and revocation (RFC 7009) for signed-in accounts. Discovery runs once per
// issuer and client, and the discovered client is kept (it carries openid-client's ID token
// issuer handling); a failed discovery is forgotten so the next call tries again.
import {
  ClientError,
  refreshTokenGrant,
  ResponseBodyError,
  tokenRevocation,
  type Configuration,
  type CustomFetch,
} from 'openid-client';
import { checkIdTokenIssuer, discoverClient } from './server-discovery';
import { signInError } from './sign-in-errors';
import { toTokenSet } from './token-response';
import { createTrustedFetch } from './trusted-fetch';
import {
  InvalidGrantError,
  type NetworkTrust,
  type OAuthClientConfig,
  type RefreshTokens,
  type RevocationOutcome,
  type RevokeToken,
} from './types';

export interface TokenClient {
  refresh: RefreshTokens;
  revoke: RevokeToken;
}

/** The HTTP status of a failed request, whether or not the server sent an OAuth error body. */
function failedStatus(error: unknown): number | undefined {
  if (error instanceof ResponseBodyError) return error.status;
  if (error instanceof ClientError && error.cause instanceof Object && 'status' in error.cause) {
    return typeof error.cause.status === 'number' ? error.cause.status : undefined;
  }
  return undefined;
}

const clientRefusals = new Set(['invalid_client', 'unauthorized_client']);

export function tokenClientUsing(fetch: CustomFetch): TokenClient {
  const clients = new Map<string, Promise<Configuration>>();

  const clientFor = (config: OAuthClientConfig): Promise<Configuration> => {
    // Everything discovery, its checks and the client authentication depend on.
    const key = JSON.stringify([
      config.issuer,
      config.clientId,
      config.clientSecret ?? null,
      config.multiTenantIssuerTemplate ?? null,
      config.s256WithoutMetadata ?? false,
    ]);
    let client = clients.get(key);
    if (client === undefined) {
      client = discoverClient(config, fetch);
      client.catch(() => clients.delete(key));
      clients.set(key, client);
    }
    return client;
  };

  const refresh: RefreshTokens = async (config, refreshToken) => {
    const client = await clientFor(config);
    try {
      const response = await refreshTokenGrant(client, refreshToken);
      checkIdTokenIssuer(client, response.claims(), config);
      return toTokenSet(response, config.scopes);
    } catch (error) {
      // A refused client (registration deleted, client ID withdrawn) fails every refresh just like a
      // dead grant: only a new sign-in can help, so the account goes to "sign in again" once.
      if (error instanceof ResponseBodyError && error.error === 'invalid_grant') {
        throw new InvalidGrantError(error.error_description);
      }
      if (error instanceof ResponseBodyError && clientRefusals.has(error.error)) {
        const detail = error.error_description === undefined ? '' : `: ${error.error_description}`;
        throw new InvalidGrantError(`The provider refused Harbor Mail's client (${error.error})${detail}.`);
      }
      throw signInError(error, config.issuer);
    }
  };

  const revoke: RevokeToken = async (config, refreshToken): Promise<RevocationOutcome> => {
    const client = await clientFor(config);
    if (client.serverMetadata().revocation_endpoint === undefined) return 'unsupported';
    try {
      await tokenRevocation(client, refreshToken, {
        token_type_hint: 'refresh_token',
      });
      return 'revoked';
    } catch (error) {
      if (failedStatus(error) === 503) return 'retry-later';
      throw signInError(error, config.issuer);
    }
  };

  return { refresh, revoke };
}

export function createTokenClient(trust: NetworkTrust): TokenClient {
  return tokenClientUsing(createTrustedFetch(trust));
}
