// Refresh (RFC 6749 §6) and revocation (RFC 7009) for signed-in accounts. Discovery runs once per
// issuer and is kept; a failed discovery is forgotten so the next call tries again.
import {
  ClientError,
  refreshTokenGrant,
  ResponseBodyError,
  tokenRevocation,
  type CustomFetch,
  type ServerMetadata,
} from 'openid-client';
import { clientFor, discoverClient } from './server-discovery';
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

export function tokenClientUsing(fetch: CustomFetch): TokenClient {
  const metadataByIssuer = new Map<string, Promise<ServerMetadata>>();

  const metadataFor = (config: OAuthClientConfig): Promise<ServerMetadata> => {
    let metadata = metadataByIssuer.get(config.issuer);
    if (metadata === undefined) {
      metadata = discoverClient(config, fetch).then((client) => client.serverMetadata());
      metadata.catch(() => metadataByIssuer.delete(config.issuer));
      metadataByIssuer.set(config.issuer, metadata);
    }
    return metadata;
  };

  const refresh: RefreshTokens = async (config, refreshToken) => {
    const client = clientFor(await metadataFor(config), config.clientId, fetch);
    try {
      return toTokenSet(await refreshTokenGrant(client, refreshToken), config.scopes);
    } catch (error) {
      if (error instanceof ResponseBodyError && error.error === 'invalid_grant') {
        throw new InvalidGrantError(error.error_description);
      }
      throw signInError(error, config.issuer);
    }
  };

  const revoke: RevokeToken = async (config, refreshToken): Promise<RevocationOutcome> => {
    const metadata = await metadataFor(config);
    if (metadata.revocation_endpoint === undefined) return 'unsupported';
    try {
      await tokenRevocation(clientFor(metadata, config.clientId, fetch), refreshToken, {
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
