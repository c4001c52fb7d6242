// Reads a validated token endpoint response into the app's shapes.
import type { TokenEndpointResponse, TokenEndpointResponseHelpers } from 'openid-client';
import type { IdentityClaims, TokenSet } from './types';

// RFC 6749 §5.1 only recommends expires_in; without it, assume an hour.
const ASSUMED_LIFETIME_SECONDS = 3600;

type TokenResponse = TokenEndpointResponse & TokenEndpointResponseHelpers;

export function toTokenSet(response: TokenResponse, requestedScopes: string[], now = Date.now()): TokenSet {
  const granted = response.scope?.split(' ').filter((scope) => scope.length > 0);
  return {
    accessToken: response.access_token,
    ...(response.refresh_token === undefined ? {} : { refreshToken: response.refresh_token }),
    expiresAt: now + (response.expiresIn() ?? ASSUMED_LIFETIME_SECONDS) * 1000,
    scopes: granted && granted.length > 0 ? granted : [...requestedScopes],
  };
}

/** Claims of the ID token openid-client validated (signature, iss, aud, nonce); sub '' without one. */
export function identityFrom(response: TokenResponse): IdentityClaims {
  const claims = response.claims();
  if (claims === undefined) return { sub: '' };
  return {
    sub: claims.sub,
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
  };
}
