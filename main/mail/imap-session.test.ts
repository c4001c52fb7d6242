import { describe, expect, it } from 'vitest';
import { imapConnectError } from './imap-session';

const endpoint = { host: 'imap.mail.example', port: 993, security: 'tls' } as const;
const failure = (fields: Record<string, unknown>) => Object.assign(new Error('failed'), fields);

describe('why an IMAP session could not open', () => {
  it('is a refused sign-in when the server answered AUTHENTICATIONFAILED', () => {
    const error = failure({ authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' });
    expect(imapConnectError(error, endpoint)).toMatchObject({
      code: 'SIGN_IN_REQUIRED',
      message: 'The mail server imap.mail.example did not accept the sign-in.',
    });
  });

  it.each([
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'TLS_FAILED',
      'The certificate of imap.mail.example:993 is not trusted: it is self-signed.',
    ],
    ['CERT_HAS_EXPIRED', 'TLS_FAILED', 'The certificate of imap.mail.example:993 is not trusted: it has expired.'],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'TLS_FAILED',
      'The certificate of imap.mail.example:993 is not trusted: it was issued for a different server name.',
    ],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_FAILED', 'imap.mail.example:993 did not start a secure (TLS) connection.'],
    ['ECONNREFUSED', 'CONNECTION_FAILED', 'Nothing answers at imap.mail.example:993.'],
    ['ENOTFOUND', 'CONNECTION_FAILED', 'The server imap.mail.example was not found.'],
  ])('names the failure %s', (tlsCode, code, message) => {
    expect(imapConnectError(failure({ code: tlsCode }), endpoint)).toMatchObject({ code, message });
  });

  it('is a failed connection otherwise', () => {
    expect(imapConnectError(failure({ code: 'NoConnection' }), endpoint)).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: 'The connection to imap.mail.example:993 failed.',
    });
  });
});
