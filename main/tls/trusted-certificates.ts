import type { NetworkTrust, PinnedCertificate } from '../auth/types';
import type { Db } from '../store/database';

interface PinRow {
  host: string;
  port: number;
  fingerprint256: string;
  pem: string;
}

export function trustedCertificates(db: Db): PinnedCertificate[] {
  return db.prepare<[], PinRow>('SELECT host, port, fingerprint256, pem FROM trusted_certificates').all();
}

/** Trusts this certificate for its host:port, replacing any earlier one. */
export function saveTrustedCertificate(db: Db, pin: PinnedCertificate & { subject: string }, now = Date.now()): void {
  db.prepare(
    `INSERT INTO trusted_certificates (host, port, fingerprint256, subject, pem, added_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (host, port) DO UPDATE SET
       fingerprint256 = excluded.fingerprint256, subject = excluded.subject, pem = excluded.pem, added_at = excluded.added_at`,
  ).run(pin.host, pin.port, pin.fingerprint256, pin.subject, pin.pem, now);
}

/** Network trust whose pins are read from the store at each connection, so a new one applies at once. */
export function storeBackedTrust(db: Db, extraCa: string[]): NetworkTrust {
  return {
    extraCa,
    get pinned() {
      return trustedCertificates(db);
    },
  };
}
