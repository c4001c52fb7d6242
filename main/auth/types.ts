// Shapes the sign-in pieces agree on. Token values live only in memory (access tokens) and in
// the secret store (refresh tokens); none of these objects is ever sent over IPC or logged.

export interface TokenSet {
  accessToken: string;
  /** Absent when the server issued none (or did not rotate on refresh: keep the old one). */
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  scopes: string[];
}

export interface IdentityClaims {
  sub: string;
  email?: string;
  name?: string;
}

/** Everything needed to talk to one authorization server as one client. */
export interface OAuthClientConfig {
  /** The exact issuer identifier; discovery must return the same value (RFC 8414 §3.3). */
  issuer: string;
  clientId: string;
  /**
   * An installed-app client secret the provider documents as not confidential (Google, Yahoo),
   * sent as client_secret_post; absent for public clients. Never logged or sent over IPC.
   */
  clientSecret?: string;
  scopes: string[];
  /** Provider quirks, e.g. Google's access_type=offline. */
  extraAuthorizationParams?: Record<string, string>;
  /**
   * Microsoft's multi-tenant endpoints: their metadata names this template (with `{tenantid}`)
   * instead of `issuer`, and each ID token names its own tenant's issuer. Only this exact template
   * is accepted in the metadata, and an ID token only when its `iss` is the template with
   * `{tenantid}` replaced by the token's own GUID `tid`. Only provider presets set it.
   */
  multiTenantIssuerTemplate?: string;
  /**
   * The provider documents PKCE with S256 but its metadata lists no code_challenge_methods
   * (Microsoft). A list without S256 is still refused. Only provider presets set it.
   */
  s256WithoutMetadata?: boolean;
}

/** A certificate the user chose to trust for one host:port, though no trusted authority vouches for it. */
export interface PinnedCertificate {
  host: string;
  port: number;
  /** Colon-separated upper-case hex, as Node's `fingerprint256`. */
  fingerprint256: string;
  pem: string;
}

/**
 * Extra PEM roots trusted besides the system's (the sandbox's test CA), and the user's certificate
 * exceptions: a host:port with a pin accepts exactly that certificate and nothing else.
 */
export interface NetworkTrust {
  extraCa: string[];
  readonly pinned?: readonly PinnedCertificate[];
}

export interface SignInResult {
  issuer: string;
  clientId: string;
  tokens: TokenSet;
  identity: IdentityClaims;
}

/** Exchanges a refresh token; rejects with InvalidGrantError when the grant is gone. */
export type RefreshTokens = (config: OAuthClientConfig, refreshToken: string) => Promise<TokenSet>;

/** RFC 7009: 'revoked' on 200; 'retry-later' on 503; 'unsupported' when there is no endpoint. */
export type RevocationOutcome = 'revoked' | 'retry-later' | 'unsupported';
export type RevokeToken = (config: OAuthClientConfig, refreshToken: string) => Promise<RevocationOutcome>;

/** The authorization server no longer honours the grant (revoked, expired, password changed). */
export class InvalidGrantError extends Error {
  override name = 'InvalidGrantError';
  constructor(readonly description?: string) {
    super('The sign-in is no longer valid.');
  }
}
