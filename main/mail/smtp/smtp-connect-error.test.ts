import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../auth/provider-presets';
import type { NetworkTrust } from '../../auth/types';
import { smtpConnectError } from './smtp-connect-error';

const endpoint: Endpoint = { host: 'smtp.example.test', port: 465, security: 'tls' };
const pin = { host: 'smtp.example.test', port: 465, fingerprint256: 'AA:BB', pem: '-----BEGIN CERTIFICATE-----' };
const pinned: NetworkTrust = { extraCa: [], pinned: [pin] };
const unpinned: NetworkTrust = { extraCa: [] };
// What nodemailer throws for a TLS failure: its own code, the TLS code kept as originalCode.
const tlsFailure = (code: string) => Object.assign(new Error(code), { code: 'ESOCKET', originalCode: code });

describe('smtpConnectError', () => {
  it.each(['CERT_PIN_MISMATCH', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])(
    'names a pinned server that presented another certificate (%s) as changed',
    (code) => {
      expect(smtpConnectError(tlsFailure(code), endpoint, pinned)).toMatchObject({
        code: 'TLS_FAILED',
        message: 'The certificate of smtp.example.test:465 changed since you trusted it.',
      });
    },
  );

  it('says "not trusted" when nothing is pinned for this host:port', () => {
    const elsewhere: NetworkTrust = { extraCa: [], pinned: [{ ...pin, port: 587 }] };
    for (const trust of [unpinned, elsewhere]) {
      const error = smtpConnectError(tlsFailure('DEPTH_ZERO_SELF_SIGNED_CERT'), endpoint, trust);
      expect(error.code).toBe('TLS_FAILED');
      expect(error.message).toContain('is not trusted');
      expect(error.message).not.toContain('changed');
    }
  });

  it('keeps a refused sign-in and a missing STARTTLS apart from certificate problems', () => {
    expect(smtpConnectError({ code: 'EAUTH' }, endpoint, pinned).code).toBe('SIGN_IN_REQUIRED');
    expect(smtpConnectError({ code: 'ETLS', command: 'STARTTLS' }, endpoint, pinned)).toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('does not offer STARTTLS'),
    });
  });
});
