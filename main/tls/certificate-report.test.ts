import type { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateReport } from './certificate-report';

const now = Date.parse('2025-06-01T00:00:00Z');

function presented(authorizationError: string | null, names: { ip?: string; dns?: string } = { ip: '127.0.0.1' }) {
  const certificate = {
    fingerprint256: '11:22',
    subject: 'CN=home\nO=Home',
    issuer: 'CN=Home CA',
    validFrom: 'Jan  1 00:00:00 2025 GMT',
    validTo: 'Jan  1 00:00:00 2026 GMT',
    checkIP: (ip: string) => (ip === names.ip ? ip : undefined),
    checkHost: (host: string) => (host === names.dns ? host : undefined),
  } as unknown as X509Certificate;
  return { certificate, authorizationError };
}

const noPins = { extraCa: [] };

describe('whether a refused certificate may be trusted by exception', () => {
  it('is offered when self-signed, with what the user needs to decide', () => {
    expect(certificateReport('127.0.0.1', 993, presented('DEPTH_ZERO_SELF_SIGNED_CERT'), noPins, now)).toEqual({
      host: '127.0.0.1',
      port: 993,
      fingerprint256: '11:22',
      subject: 'CN=home, O=Home',
      issuer: 'CN=Home CA',
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: '2026-01-01T00:00:00.000Z',
      problem: 'untrusted',
      reason: 'The certificate of 127.0.0.1:993 is not trusted: it is self-signed.',
    });
  });

  it('is offered for a trusted chain issued for another host name', () => {
    expect(certificateReport('mail.home.test', 993, presented(null, { dns: 'other.test' }), noPins, now)).toMatchObject(
      {
        problem: 'untrusted',
        reason: 'The certificate of mail.home.test:993 is not trusted: it was issued for a different server name.',
      },
    );
  });

  it('is not offered for a certificate that is fine, expired, or not valid yet', () => {
    expect(certificateReport('127.0.0.1', 993, presented(null), noPins, now)).toBeNull();
    const selfSigned = presented('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(certificateReport('127.0.0.1', 993, selfSigned, noPins, Date.parse('2026-02-01T00:00:00Z'))).toBeNull();
    expect(certificateReport('127.0.0.1', 993, selfSigned, noPins, Date.parse('2024-12-01T00:00:00Z'))).toBeNull();
  });

  it('says "changed" when another certificate is pinned for this host:port, and nothing when it is the pinned one', () => {
    const pinned = (fingerprint256: string) => ({
      extraCa: [],
      pinned: [{ host: '127.0.0.1', port: 993, fingerprint256, pem: '' }],
    });
    expect(certificateReport('127.0.0.1', 993, presented(null), pinned('99:99'), now)).toMatchObject({
      problem: 'changed',
      reason: 'The certificate of 127.0.0.1:993 changed since you trusted it.',
    });
    expect(
      certificateReport('127.0.0.1', 993, presented('DEPTH_ZERO_SELF_SIGNED_CERT'), pinned('11:22'), now),
    ).toBeNull();
  });
});
