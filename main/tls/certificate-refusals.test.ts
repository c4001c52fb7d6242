import type { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { Endpoint } from '../auth/provider-presets';
import { openDatabase, type Db } from '../store/database';
import { createCertificateRefusals } from './certificate-refusals';
import type { MailProtocol } from './inspect-server-certificate';
import { storeBackedTrust, trustedCertificates } from './trusted-certificates';

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'certificate-refusals-'));
  db = openDatabase(path.join(dir, 'harbor.db'));
});

afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const imap: Endpoint = { host: 'mail.home.test', port: 993, security: 'tls' };
const smtp: Endpoint = { host: 'mail.home.test', port: 465, security: 'tls' };

/** A self-signed certificate per port, as the inspection handshake would see it. */
const inspect = async (endpoint: Endpoint, _protocol: MailProtocol) => ({
  certificate: {
    fingerprint256: `FP:${endpoint.port}`,
    subject: 'CN=home',
    issuer: 'CN=home',
    validFrom: 'Jan  1 00:00:00 2020 GMT',
    validTo: 'Jan  1 00:00:00 2099 GMT',
    checkHost: (host: string) => host,
    toString: () => `PEM ${endpoint.port}`,
  } as unknown as X509Certificate,
  authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
});

const refusedTls = () => Promise.reject(new AppError('TLS_FAILED', 'not trusted'));

describe('refused certificates per account and protocol', () => {
  it('keeps the IMAP and the SMTP refusal of one account apart', async () => {
    const refusals = createCertificateRefusals(db, storeBackedTrust(db, []), inspect);
    await expect(refusals.watch('alice', smtp, 'smtp', refusedTls)).rejects.toThrow('not trusted');
    await refusals.watch('alice', imap, 'imap', async () => 'session');

    expect(refusals.certificateOf('alice', 'smtp')).toMatchObject({ port: 465, fingerprint256: 'FP:465' });
    expect(refusals.certificateOf('alice')).toBeNull();

    await expect(refusals.watch('alice', imap, 'imap', refusedTls)).rejects.toThrow();
    expect(refusals.certificateOf('alice', 'imap')).toMatchObject({ port: 993 });
    refusals.forget('alice');
    expect([refusals.certificateOf('alice', 'imap'), refusals.certificateOf('alice', 'smtp')]).toEqual([null, null]);
  });

  it('trusts a certificate the SMTP connection reported and names the account', async () => {
    const refusals = createCertificateRefusals(db, storeBackedTrust(db, []), inspect);
    await expect(refusals.watch('alice', smtp, 'smtp', refusedTls)).rejects.toThrow();
    expect(await refusals.trust({ host: 'mail.home.test', port: 465, fingerprint256: 'FP:465' })).toEqual(['alice']);
    expect(trustedCertificates(db)).toEqual([
      { host: 'mail.home.test', port: 465, fingerprint256: 'FP:465', pem: 'PEM 465' },
    ]);
    expect(refusals.certificateOf('alice', 'smtp')).toBeNull();
  });

  it('forgets the SMTP refusal once a submission gets through or fails otherwise', async () => {
    const refusals = createCertificateRefusals(db, storeBackedTrust(db, []), inspect);
    await expect(refusals.watch('alice', smtp, 'smtp', refusedTls)).rejects.toThrow();
    await expect(
      refusals.watch('alice', smtp, 'smtp', () => Promise.reject(new AppError('CONNECTION_FAILED', 'unreachable'))),
    ).rejects.toThrow();
    expect(refusals.certificateOf('alice', 'smtp')).toBeNull();
  });
});
