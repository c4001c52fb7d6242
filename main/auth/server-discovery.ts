// Authorization server metadata (RFC 8414 / OIDC discovery) with the checks openid-client leaves
// to us: the issuer must match exactly (it compares normalized URLs) and S256 must be offered,
// since we never fall back to `plain`.
//
// The one exception is Microsoft's multi-tenant endpoint, named by a preset's
// multiTenantIssuerTemplate. Its metadata names `https://login.microsoftonline.com/{tenantid}/v2.0`
// and each ID token its own tenant's issuer. openid-client's discovery() of a
// login.microsoftonline.com issuer tolerates the mismatch and then checks an ID token's `iss`
// against the template with `{tenantid}` replaced by the token's `tid` (its documented Entra ID
// handling, kept only by the Configuration discovery() returns). We accept the template only when
// the preset names exactly that template, and additionally require `tid` to be a GUID.
import {
  ClientError,
  ClientSecretPost,
  customFetch,
  discovery,
  None,
  type Configuration,
  type CustomFetch,
  type IDToken,
  type ServerMetadata,
} from 'openid-client';
import { AppError } from '../../shared/errors';
import { signInError } from './sign-in-errors';
import type { OAuthClientConfig } from './types';

/** What the metadata checks need to know about the server a client expects. */
export type ServerIdentity = Pick<OAuthClientConfig, 'issuer' | 'multiTenantIssuerTemplate' | 's256WithoutMetadata'>;
type ClientIdentity = ServerIdentity & Pick<OAuthClientConfig, 'clientId' | 'clientSecret'>;

// openid-client discovers only as part of a client configuration; before registration there is
// no client yet, and only the metadata of this placeholder configuration is used.
const NO_CLIENT_YET = 'unregistered';

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

/**
 * Throws unless the metadata names exactly `issuer` (RFC 8414 §3.3), or exactly the server's
 * multi-tenant issuer template, and offers PKCE with S256.
 */
export function checkServerMetadata(metadata: ServerMetadata, server: ServerIdentity): void {
  const { issuer, multiTenantIssuerTemplate } = server;
  if (
    metadata.issuer !== issuer &&
    (multiTenantIssuerTemplate === undefined || metadata.issuer !== multiTenantIssuerTemplate)
  ) {
    throw issuerMismatch(issuer);
  }
  const methods = metadata.code_challenge_methods_supported;
  const s256 = methods === undefined ? server.s256WithoutMetadata === true : methods.includes('S256');
  if (!s256) {
    throw new AppError(
      'SIGN_IN_FAILED',
      `The server at ${issuer} does not offer PKCE with S256, which Harbor Mail requires to sign in safely.`,
    );
  }
}

/**
 * A native client at the checked server, its requests going through `fetch`: public (no client
 * authentication) unless it has a client secret, which then goes in the body (client_secret_post).
 * Keep the returned Configuration for later requests: only it carries openid-client's ID token
 * issuer handling for a multi-tenant template; one rebuilt from serverMetadata() does not.
 */
export async function discoverClient(server: ClientIdentity, fetch: CustomFetch): Promise<Configuration> {
  const { issuer, clientId, clientSecret } = server;
  const authentication = clientSecret === undefined ? None() : ClientSecretPost(clientSecret);
  let client: Configuration;
  try {
    client = await discovery(new URL(issuer), clientId, undefined, authentication, { [customFetch]: fetch });
  } catch (error) {
    throw isIssuerMismatch(error) ? issuerMismatch(issuer) : signInError(error, issuer);
  }
  checkServerMetadata(client.serverMetadata(), server);
  return client;
}

// A Microsoft tenant ID (directory ID): a GUID, e.g. 9188040d-6c67-4c5b-b112-36a304b66dad.
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Called with the claims of an ID token openid-client has validated at `client`. Where the
 * server's metadata names the multi-tenant template, the token's `iss` must be that template with
 * `{tenantid}` replaced by the token's own `tid`, a GUID; elsewhere exactly the metadata's issuer.
 */
export function checkIdTokenIssuer(client: Configuration, claims: IDToken | undefined, server: ServerIdentity): void {
  if (claims === undefined) return;
  const named = client.serverMetadata().issuer;
  const template = server.multiTenantIssuerTemplate;
  let expected: string | undefined = named;
  if (template !== undefined && named === template) {
    const { tid } = claims;
    expected = typeof tid === 'string' && TENANT_ID.test(tid) ? template.replace('{tenantid}', tid) : undefined;
  }
  if (expected === undefined || claims.iss !== expected) {
    throw new AppError(
      'SIGN_IN_FAILED',
      `Sign-in was stopped: the identity token from ${server.issuer} was issued by a different server than expected.`,
    );
  }
}

/** The checked metadata of `issuer`, before the app has a client there. */
export async function discoverServer(issuer: string, fetch: CustomFetch): Promise<ServerMetadata> {
  return (await discoverClient({ issuer, clientId: NO_CLIENT_YET }, fetch)).serverMetadata();
}
