import { AuthorizationResponseError, ClientError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { authorizationError, signInError } from './sign-in-errors';

const ISSUER = 'https://login.example';

describe('authorization errors in plain words', () => {
  it('access_denied means the user declined', () => {
    const error = authorizationError('access_denied');
    expect(error).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(error.message).toMatch(/^You declined/);
  });

  it.each([
    ['consent_required', undefined],
    ['interaction_required', undefined],
    ['invalid_client', 'AADSTS65001: The user or administrator has not consented to use the application.'],
    ['access_denied', 'AADSTS90094: Admin consent is required.'],
    ['invalid_request', 'This app needs administrator approval.'],
  ])('%s (%s) asks for an administrator', (code, description) => {
    expect(authorizationError(code, description)).toMatchObject({ code: 'ADMIN_CONSENT_REQUIRED' });
  });

  it('other errors name the OAuth error code', () => {
    const error = authorizationError('temporarily_unavailable', 'try later');
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(error.message).toContain('"temporarily_unavailable"');
  });

  it('does not repeat a server-chosen code that is not a plain error code', () => {
    const error = authorizationError('<b>code=abc&token=xyz</b>');
    expect(error.message).not.toContain('abc');
    expect(error.message).toContain('an unrecognized error');
  });

  it('maps the error openid-client raises for an error callback', () => {
    const parameters = new URLSearchParams({ error: 'access_denied', state: 's' });
    const raised = new AuthorizationResponseError('authorization response from the server is an error', {
      cause: parameters,
    });
    expect(signInError(raised, ISSUER)).toMatchObject({ code: 'ACCESS_DENIED' });
  });
});

describe('other sign-in failures', () => {
  it('passes AppErrors through', () => {
    const error = new AppError('SIGN_IN_CANCELLED', 'Sign-in was cancelled.');
    expect(signInError(error, ISSUER)).toBe(error);
  });

  it('a failed check names the check, not the values', () => {
    const error = signInError(
      Object.assign(new ClientError('unexpected "iss" (issuer) response parameter value'), {
        code: 'OAUTH_INVALID_RESPONSE',
      }),
      ISSUER,
    );
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(error.message).toContain('could not be verified (OAUTH_INVALID_RESPONSE)');
  });

  it('an untrusted certificate is a TLS failure', () => {
    const cause = Object.assign(new Error('unable to verify the first certificate'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(signInError(new TypeError('fetch failed', { cause }), ISSUER)).toMatchObject({ code: 'TLS_FAILED' });
  });

  it('a refused connection is a connection failure', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(signInError(new TypeError('fetch failed', { cause }), ISSUER)).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: 'Nothing answers at login.example:443.',
    });
  });

  it('a request timeout is a timeout', () => {
    expect(
      signInError(Object.assign(new ClientError('operation timed out'), { code: 'OAUTH_TIMEOUT' }), ISSUER),
    ).toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('anything else is a sign-in failure without the original message', () => {
    const error = signInError(new Error('token=abc123'), ISSUER);
    expect(error).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(error.message).not.toContain('abc123');
  });
});
