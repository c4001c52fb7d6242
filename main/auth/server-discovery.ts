// Authorization server metadata (RFC 8414 / OIDC discovery) with the checks openid-client leaves
// to us: the issuer must match exactly (it compares normalized URLs) and S256 must be offered,
// since we never fall back to `plain`.
import { Configuration, customFetch, discovery, None, type CustomFetch, type ServerMetadata } from 'openid-client';
import { AppError } from '../../shared/errors';
import { signInError } from './sign-in-errors';
import type { OAuthClientConfig } from './types';

type ClientIdentity = Pick<OAuthClientConfig, 'issuer' | 'clientId'>;

/** A public (no secret) native client at that server, its requests going through `fetch`. */
export function clientFor(metadata: ServerMetadata, clientId: string, fetch: CustomFetch): Configuration {
  const client = new Configuration(metadata, clientId, undefined, None());
  client[customFetch] = fetch;
  return client;
}

export async function discoverClient({ issuer, clientId }: ClientIdentity, fetch: CustomFetch): Promise<Configuration> {
  let client: Configuration;
  try {
    client = await discovery(new URL(issuer), clientId, undefined, None(), { [customFetch]: fetch });
  } catch (error) {
    throw signInError(error, issuer);
  }
  const metadata = client.serverMetadata();
  if (metadata.issuer !== issuer) {
    throw new AppError(
      'SIGN_IN_FAILED',
      `The server at ${issuer} calls itself by a different issuer name, so Harbor Mail will not sign in there.`,
    );
  }
  if (!metadata.code_challenge_methods_supported?.includes('S256')) {
    throw new AppError(
      'SIGN_IN_FAILED',
      `The server at ${issuer} does not offer PKCE with S256, which Harbor Mail requires to sign in safely.`,
    );
  }
  return client;
}
