import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { certificateCheckOptions, pinnedCertificateError } from './certificate-trust-options';

const pin = { host: 'mail.home.test', port: 993, fingerprint256: 'AA:BB', pem: 'PINNED PEM' };
const trust = { extraCa: ['EXTRA CA'], pinned: [pin] };
const presenting = (fingerprint256: string) => ({ fingerprint256 }) as PeerCertificate;

describe('the certificate checks of a connection', () => {
  it('trusts the system and extra roots, with the host name checked, where nothing is pinned', () => {
    const options = certificateCheckOptions(trust, 'mail.home.test', 143);
    expect(options.ca).toContain('EXTRA CA');
    expect(options.checkServerIdentity).toBeUndefined();
    expect(options.allowPartialTrustChain).toBeUndefined();
  });

  it('trusts only the pinned certificate, and only with its fingerprint, where one is pinned', () => {
    const options = certificateCheckOptions(trust, 'mail.home.test', 993);
    expect(options).toMatchObject({ ca: ['PINNED PEM'], allowPartialTrustChain: true });
    expect(options.checkServerIdentity!('mail.home.test', presenting('AA:BB'))).toBeUndefined();
    expect(options.checkServerIdentity!('mail.home.test', presenting('CC:DD'))).toMatchObject({
      code: 'CERT_PIN_MISMATCH',
    });
  });
});

describe('a pinned connection that failed', () => {
  it.each(['CERT_PIN_MISMATCH', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])(
    'says the certificate changed on %s',
    (code) => {
      expect(pinnedCertificateError({ code }, trust, 'mail.home.test', 993)).toMatchObject({
        code: 'TLS_FAILED',
        message: 'The certificate of mail.home.test:993 changed since you trusted it.',
      });
    },
  );

  it('leaves other failures, and hosts without a pin, to the usual description', () => {
    expect(pinnedCertificateError({ code: 'CERT_HAS_EXPIRED' }, trust, 'mail.home.test', 993)).toBeNull();
    expect(pinnedCertificateError({ code: 'ECONNREFUSED' }, trust, 'mail.home.test', 993)).toBeNull();
    expect(pinnedCertificateError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, trust, 'mail.home.test', 143)).toBeNull();
  });
});
