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

const looksLikeAddress = (value: unknown): value is string =>
  typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/**
 * Claims of the ID token openid-client validated (signature, iss, aud, nonce); sub '' without one.
 * Microsoft work accounts may carry no `email`: their `preferred_username` is then the sign-in
 * address, and stands in for it when it is one.
 */
export function identityFrom(response: Pick<TokenResponse, 'claims'>): IdentityClaims {
  const claims = response.claims();
  if (claims === undefined) return { sub: '' };
  const email = typeof claims.email === 'string' ? claims.email : claims.preferred_username;
  return {
    sub: claims.sub,
    ...(looksLikeAddress(email) ? { email } : {}),
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
  };
}
