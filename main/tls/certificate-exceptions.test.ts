import type { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Endpoint } from '../auth/provider-presets';
import { openDatabase, type Db } from '../store/database';
import { createCertificateExceptions } from './certificate-exceptions';
import type { PresentedCertificate } from './certificate-report';
import { storeBackedTrust, trustedCertificates } from './trusted-certificates';

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'certificate-exceptions-'));
  db = openDatabase(path.join(dir, 'harbor.db'));
});

afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const now = () => Date.parse('2030-06-01T00:00:00Z');
const endpoint: Endpoint = { host: 'mail.home.test', port: 993, security: 'tls' };
const target = { endpoint, protocol: 'imap' as const };

function presented(
  fingerprint256: string,
  authorizationError: string | null = 'DEPTH_ZERO_SELF_SIGNED_CERT',
  validTo = 'Jan  1 00:00:00 2099 GMT',
): PresentedCertificate {
  const certificate = {
    fingerprint256,
    subject: 'CN=home\nO=Home',
    issuer: 'CN=home',
    validFrom: 'Jan  1 00:00:00 2020 GMT',
    validTo,
    checkHost: (host: string) => host,
    checkIP: (ip: string) => ip,
    toString: () => `PEM ${fingerprint256}`,
  } as unknown as X509Certificate;
  return { certificate, authorizationError };
}

/** The server as the inspection handshakes see it; `shows` changes what it presents next. */
function server(initial: PresentedCertificate) {
  let current = initial;
  let looks = 0;
  return {
    inspect: async () => {
      looks += 1;
      return current;
    },
    shows: (next: PresentedCertificate) => {
      current = next;
    },
    looks: () => looks,
  };
}

describe('a certificate exception while setting up a server', () => {
  it('shows the self-signed certificate the server presents, with why it was refused', async () => {
    const home = server(presented('AA:01'));
    const exceptions = createCertificateExceptions(db, storeBackedTrust(db, []), home.inspect, now);
    expect(await exceptions.inspect(target)).toEqual({
      host: 'mail.home.test',
      port: 993,
      fingerprint256: 'AA:01',
      subject: 'CN=home, O=Home',
      issuer: 'CN=home',
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: '2099-01-01T00:00:00.000Z',
      problem: 'untrusted',
      reason: 'The certificate of mail.home.test:993 is not trusted: it is self-signed.',
    });
  });

  it('pins exactly the certificate main looks at again, and then asks again when it changes', async () => {
    const home = server(presented('AA:01'));
    const trust = storeBackedTrust(db, []);
    const exceptions = createCertificateExceptions(db, trust, home.inspect, now);
    await exceptions.trust(target, 'AA:01');
    expect(home.looks()).toBe(1);
    expect(trustedCertificates(db)).toEqual([
      { host: 'mail.home.test', port: 993, fingerprint256: 'AA:01', pem: 'PEM AA:01' },
    ]);
    await expect(exceptions.inspect(target)).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: 'The certificate of mail.home.test:993 is trusted by this computer; check the server again.',
    });

    home.shows(presented('BB:02'));
    expect(await exceptions.inspect(target)).toMatchObject({
      fingerprint256: 'BB:02',
      problem: 'changed',
      reason: 'The certificate of mail.home.test:993 changed since you trusted it.',
    });
  });

  it('refuses to trust a fingerprint the server no longer presents', async () => {
    const home = server(presented('AA:01'));
    const exceptions = createCertificateExceptions(db, storeBackedTrust(db, []), home.inspect, now);
    home.shows(presented('BB:02'));
    await expect(exceptions.trust(target, 'AA:01')).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: 'mail.home.test:993 now presents another certificate; look at it again.',
    });
    expect(trustedCertificates(db)).toEqual([]);
  });

  it('never offers or pins an expired certificate, nor one this computer trusts anyway', async () => {
    const expired = server(presented('AA:01', 'CERT_HAS_EXPIRED', 'Jan  1 00:00:00 2021 GMT'));
    const exceptions = createCertificateExceptions(db, storeBackedTrust(db, []), expired.inspect, now);
    await expect(exceptions.inspect(target)).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('The certificate of mail.home.test:993 has expired, so it cannot be trusted'),
    });
    await expect(exceptions.trust(target, 'AA:01')).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: 'The certificate of mail.home.test:993 cannot be trusted by exception.',
    });

    const fine = server(presented('CC:03', null));
    const trusted = createCertificateExceptions(db, storeBackedTrust(db, []), fine.inspect, now);
    await expect(trusted.trust(target, 'CC:03')).rejects.toMatchObject({ code: 'TLS_FAILED' });
    expect(trustedCertificates(db)).toEqual([]);
  });

  it('says why when the server cannot be reached', async () => {
    const refused = async () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    const exceptions = createCertificateExceptions(db, storeBackedTrust(db, []), refused, now);
    await expect(exceptions.inspect(target)).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      message: 'Nothing answers at mail.home.test:993.',
    });
  });
});
