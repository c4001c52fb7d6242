import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import { saveTrustedCertificate, storeBackedTrust, trustedCertificates } from './trusted-certificates';

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trusted-certificates-'));
  db = openDatabase(path.join(dir, 'harbor.db'));
});

afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const pin = (port: number, fingerprint256: string) => ({
  host: 'mail.home.test',
  port,
  fingerprint256,
  pem: `PEM ${fingerprint256}`,
  subject: 'CN=home',
});

describe('trusted certificates in the store', () => {
  it('keeps one per host:port, the newest replacing the older', () => {
    saveTrustedCertificate(db, pin(993, 'AA'));
    saveTrustedCertificate(db, pin(465, 'BB'));
    saveTrustedCertificate(db, pin(993, 'CC'));
    expect(trustedCertificates(db).sort((a, b) => a.port - b.port)).toEqual([
      { host: 'mail.home.test', port: 465, fingerprint256: 'BB', pem: 'PEM BB' },
      { host: 'mail.home.test', port: 993, fingerprint256: 'CC', pem: 'PEM CC' },
    ]);
  });

  it('reach a store-backed trust as soon as they are saved', () => {
    const trust = storeBackedTrust(db, ['EXTRA CA']);
    expect(trust.pinned).toEqual([]);
    saveTrustedCertificate(db, pin(993, 'AA'));
    expect(trust.pinned?.map((p) => p.fingerprint256)).toEqual(['AA']);
    expect(trust.extraCa).toEqual(['EXTRA CA']);
  });
});
