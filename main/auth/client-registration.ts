// Dynamic client registration (RFC 7591) as a native public client, kept per issuer so the next
// sign-in to the same server reuses it.
import { randomBytes } from 'node:crypto';
import {
  customFetch,
  dynamicClientRegistration,
  None,
  ResponseBodyError,
  type CustomFetch,
  type ServerMetadata,
} from 'openid-client';
import { AppError } from '../../shared/errors';
import type { SecretRef, SecretStore } from '../secrets/secret-store';
import { checkServerMetadata } from './server-discovery';
import { signInError } from './sign-in-errors';

const NATIVE_CLIENT_METADATA = {
  client_name: 'Harbor Mail',
  application_type: 'native',
  // A loopback redirect that the server matches on any port (RFC 8252 §7.3).
  redirect_uris: ['http://127.0.0.1/callback'],
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

export interface ClientRegistrationDependencies {
  secrets: SecretStore;
  fetch: CustomFetch;
}

export const registrationRef = (issuer: string): SecretRef => ({
  accountId: `registration:${issuer}`,
  purpose: 'client-registration',
});

/** The app's client id at this (checked) server: the one kept from last time while the server knows it, else a new registration. */
export async function registeredClientId(
  metadata: ServerMetadata,
  { secrets, fetch }: ClientRegistrationDependencies,
): Promise<string> {
  const ref = registrationRef(metadata.issuer);
  const kept = readRegistration(await secrets.get(ref));
  if (kept !== null && (await serverKnowsClient(metadata, kept, fetch))) return kept;
  const clientId = await register(metadata, fetch);
  await secrets.set(ref, JSON.stringify({ clientId }));
  return clientId;
}

function readRegistration(stored: string | null): string | null {
  if (stored === null) return null;
  try {
    const { clientId } = JSON.parse(stored) as { clientId?: unknown };
    return typeof clientId === 'string' && clientId !== '' ? clientId : null;
  } catch {
    return null;
  }
}

/**
 * A server that forgot a client shows the person an error page instead of redirecting back
 * (RFC 6749 §4.1.2.1), so the app asks before opening the browser: a code exchange with a code
 * that cannot exist is answered `invalid_client` for an unknown client and `invalid_grant` otherwise.
 */
async function serverKnowsClient(metadata: ServerMetadata, clientId: string, fetch: CustomFetch): Promise<boolean> {
  if (metadata.token_endpoint === undefined) return true;
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: clientId,
    code: randomBytes(32).toString('base64url'),
    code_verifier: randomBytes(32).toString('base64url'),
    redirect_uri: NATIVE_CLIENT_METADATA.redirect_uris[0] ?? '',
  });
  try {
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
    return answer.error !== 'invalid_client';
  } catch (error) {
    throw signInError(error, metadata.issuer);
  }
}

async function register(metadata: ServerMetadata, fetch: CustomFetch): Promise<string> {
  if (metadata.registration_endpoint === undefined) {
    throw new AppError(
      'SIGN_IN_FAILED',
      `The sign-in service at ${metadata.issuer} does not let apps register themselves, so Harbor Mail cannot sign in there without a client ID from its administrator.`,
    );
  }
  try {
    const client = await dynamicClientRegistration(
      new URL(`${metadata.issuer}/.well-known/openid-configuration`),
      NATIVE_CLIENT_METADATA,
      None(),
      { [customFetch]: fetch },
    );
    // openid-client reads the document again here without comparing issuers: check it again.
    checkServerMetadata(client.serverMetadata(), { issuer: metadata.issuer });
    return client.clientMetadata().client_id;
  } catch (error) {
    if (error instanceof ResponseBodyError) {
      throw new AppError(
        'SIGN_IN_FAILED',
        `The sign-in service at ${metadata.issuer} refused to register Harbor Mail (${registrationErrorCode(error.error)}), so you cannot sign in there from this app.`,
      );
    }
    throw signInError(error, metadata.issuer);
  }
}

function registrationErrorCode(code: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'an unrecognized error';
}
