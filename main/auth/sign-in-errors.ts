// Turns what can go wrong during sign-in and token requests into AppErrors a person can act on.
// Messages may name an OAuth error code or the issuer, never a code, token, state or verifier.
import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { AppError } from '../../shared/errors';
import { describeConnectionError } from '../servers/secure-socket';

// AADSTS65001: consent missing; 90094/90095: the tenant requires an administrator to approve.
const ADMIN_CONSENT_DESCRIPTION = /\bAADSTS(65001|90094|90095)\b|\badmin(istrator)?\s+(consent|approval)\b/i;
const CONSENT_ERRORS = new Set(['consent_required', 'interaction_required']);

/** Server-chosen text: only a plausible RFC 6749 error code is repeated to the user. */
function errorCodeForMessage(code: string | undefined): string {
  return code !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? `"${code}"` : 'an unrecognized error';
}

/** An `error` in the authorization response (RFC 6749 §4.1.2.1). */
export function authorizationError(error: string, description?: string): AppError {
  if (ADMIN_CONSENT_DESCRIPTION.test(description ?? '') || CONSENT_ERRORS.has(error)) {
    return new AppError(
      'ADMIN_CONSENT_REQUIRED',
      "Your organization's administrator has to approve Harbor Mail before you can sign in. Ask them to grant consent, then try again.",
    );
  }
  if (error === 'access_denied') {
    return new AppError(
      'ACCESS_DENIED',
      'You declined to give Harbor Mail access, so you are not signed in. Sign in again if that was a mistake.',
    );
  }
  return new AppError('SIGN_IN_FAILED', `Sign-in failed: the provider answered ${errorCodeForMessage(error)}.`);
}

/** Any failure of discovery, the callback checks or a token request, for the server at `issuer`. */
export function signInError(error: unknown, issuer: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AuthorizationResponseError) return authorizationError(error.error, error.error_description);
  if (error instanceof ResponseBodyError) {
    return new AppError(
      'SIGN_IN_FAILED',
      `Sign-in failed: the server refused the request with ${errorCodeForMessage(error.error)}.`,
    );
  }
  if (error instanceof ClientError && error.code === 'OAUTH_TIMEOUT') {
    return new AppError('TIMEOUT', `The sign-in server at ${issuer} stopped answering.`);
  }
  if (error instanceof ClientError) {
    return new AppError(
      'SIGN_IN_FAILED',
      `Sign-in was stopped: the answer from ${issuer} could not be verified (${error.code ?? 'unknown check'}).`,
    );
  }
  // fetch() reports network and certificate failures as a TypeError whose cause has the code.
  if (error instanceof TypeError && error.cause !== undefined) {
    const url = new URL(issuer);
    return describeConnectionError(error.cause, url.hostname, Number(url.port || 443));
  }
  return new AppError('SIGN_IN_FAILED', `Sign-in with ${issuer} failed unexpectedly.`);
}
