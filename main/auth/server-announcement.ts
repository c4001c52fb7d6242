// What a mail server's OAUTHBEARER challenge (RFC 7628 §3.2.2) tells a client with no
// pre-registered relationship: where the issuer is, and which scopes to ask for.
import { AppError } from '../../shared/errors';

const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';

/** Scopes OpenID Connect defines; what a server lists besides these is its own, e.g. its mail access. */
const OIDC_STANDARD_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);

/** What the app always asks for: an identity with the address (ID token) and a refresh token. */
const IDENTITY_SCOPES = ['openid', 'email', 'offline_access'];

/**
 * The issuer named by an announced `openid-configuration` URL: OpenID Connect Discovery puts that
 * document at the issuer plus `/.well-known/openid-configuration`, so the issuer is what precedes it.
 */
export function issuerFromConfigurationUrl(announced: string): string {
  let url: URL;
  try {
    url = new URL(announced);
  } catch {
    throw unusableAnnouncement();
  }
  if (url.protocol !== 'https:') {
    throw new AppError(
      'SIGN_IN_FAILED',
      'The mail server points to a sign-in service that does not use HTTPS, so Harbor Mail will not sign in there.',
    );
  }
  if (!url.pathname.endsWith(OPENID_CONFIGURATION_PATH) || url.search !== '' || url.hash !== '') {
    throw unusableAnnouncement();
  }
  return `${url.origin}${url.pathname.slice(0, -OPENID_CONFIGURATION_PATH.length)}`;
}

function unusableAnnouncement(): AppError {
  return new AppError(
    'SIGN_IN_FAILED',
    'The mail server names its sign-in service in a form Harbor Mail cannot use (not an OpenID configuration address).',
  );
}

/**
 * The identity scopes plus what mail access needs. The server's own challenge is the most precise
 * source, so its `scope` wins; without one, every scope the issuer lists besides the OpenID Connect
 * ones is taken to be the service's (a mail provider's issuer lists its mail scopes there).
 */
export function scopesForServer(challengeScope: string | undefined, scopesSupported: string[] | undefined): string[] {
  const mailScopes = challengeScope
    ? challengeScope.split(' ').filter(Boolean)
    : (scopesSupported ?? []).filter((scope) => !OIDC_STANDARD_SCOPES.has(scope));
  return [...new Set([...IDENTITY_SCOPES, ...mailScopes])];
}
