// Authorization server metadata (RFC 8414 / OIDC discovery) with the checks openid-client leaves
// to us: the issuer must match exactly (it compares normalized URLs) and S256 must be offered,
// since we never fall back to `plain`.
import {
  ClientError,
  Configuration,
  customFetch,
  discovery,
  None,
  type CustomFetch,
  type ServerMetadata,
} from 'openid-client';
import { AppError } from '../../shared/errors';
import { signInError } from './sign-in-errors';
import type { OAuthClientConfig } from './types';

type ClientIdentity = Pick<OAuthClientConfig, 'issuer' | 'clientId'>;

// openid-client discovers only as part of a client configuration; before registration there is
// no client yet, and only the metadata of this placeholder configuration is used.
const NO_CLIENT_YET = 'unregistered';

/** A public (no secret) native client at that server, its requests going through `fetch`. */
export function clientFor(metadata: ServerMetadata, clientId: string, fetch: CustomFetch): Configuration {
  const client = new Configuration(metadata, clientId, undefined, None());
  client[customFetch] = fetch;
  return client;
}

const issuerMismatch = (issuer: string): AppError =>
  new AppError(
    'SIGN_IN_FAILED',
    `The server at ${issuer} calls itself by a different issuer name, so Harbor Mail will not sign in there: it may be the wrong server.`,
  );

function isIssuerMismatch(error: unknown): boolean {
  return (
    error instanceof ClientError &&
    error.cause instanceof Object &&
    'attribute' in error.cause &&
    error.cause.attribute === 'issuer'
  );
}

/** Throws unless the metadata names exactly `issuer` (RFC 8414 §3.3) and offers PKCE with S256. */
export function checkServerMetadata(metadata: ServerMetadata, issuer: string): void {
  if (metadata.issuer !== issuer) throw issuerMismatch(issuer);
  if (!metadata.code_challenge_methods_supported?.includes('S256')) {
    throw new AppError(
      'SIGN_IN_FAILED',
      `The server at ${issuer} does not offer PKCE with S256, which Harbor Mail requires to sign in safely.`,
    );
  }
}

export async function discoverClient({ issuer, clientId }: ClientIdentity, fetch: CustomFetch): Promise<Configuration> {
  let client: Configuration;
  try {
    client = await discovery(new URL(issuer), clientId, undefined, None(), { [customFetch]: fetch });
  } catch (error) {
    throw isIssuerMismatch(error) ? issuerMismatch(issuer) : signInError(error, issuer);
  }
  checkServerMetadata(client.serverMetadata(), issuer);
  return client;
}

/** The checked metadata of `issuer`, before the app has a client there. */
export async function discoverServer(issuer: string, fetch: CustomFetch): Promise<ServerMetadata> {
  return (await discoverClient({ issuer, clientId: NO_CLIENT_YET }, fetch)).serverMetadata();
}
