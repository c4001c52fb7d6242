import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/mail-models';
import { describeRefusedCertificate, describeSyncStatus } from './sync-status-text';

const status = (overrides: Partial<SyncStatus>): SyncStatus => ({
  accountId: 'acct:alice',
  phase: 'idle',
  folderId: null,
  done: 0,
  total: 0,
  rate: 0,
  etaSeconds: null,
  message: null,
  retryAt: null,
  ...overrides,
});

describe('describeSyncStatus', () => {
  it('tells progress with count, rate and time left', () => {
    expect(
      describeSyncStatus(
        status({ phase: 'headers', done: 12_345, total: 50_000, rate: 2100, etaSeconds: 18 }),
        'en-US',
      ),
    ).toBe('Syncing 12,345 of 50,000 · 2,100/s · about 18 s left');
    expect(describeSyncStatus(status({ phase: 'headers', done: 5, total: 10 }), 'en-US')).toBe('Syncing 5 of 10');
    expect(describeSyncStatus(status({ phase: 'headers', done: 0, total: 9, etaSeconds: 150 }), 'en-US')).toBe(
      'Syncing 0 of 9 · about 3 min left',
    );
  });

  it('names the other phases in plain words', () => {
    expect(describeSyncStatus(status({ phase: 'newest' }))).toBe('Fetching newest messages…');
    expect(describeSyncStatus(status({ phase: 'bodies' }))).toBe('Downloading messages for offline use…');
    expect(describeSyncStatus(status({ phase: 'idle' }))).toBe('Up to date');
    expect(describeSyncStatus(status({ phase: 'error', message: 'The server refused the folder list.' }))).toBe(
      'The server refused the folder list.',
    );
  });

  it('says when an offline account tries again', () => {
    const retryAt = new Date(2026, 0, 5, 10, 42).getTime();
    expect(describeSyncStatus(status({ phase: 'offline', retryAt }), 'en-GB')).toBe('Offline — retrying at 10:42');
    expect(describeSyncStatus(status({ phase: 'offline', message: 'No network.' }), 'en-GB')).toBe(
      'Offline. No network.',
    );
    expect(
      describeSyncStatus(status({ phase: 'offline', retryAt, message: 'The mail server keeps failing.' }), 'en-GB'),
    ).toBe('Offline — retrying at 10:42. The mail server keeps failing.');
  });

  it('adds what an up-to-date account reports, such as a folder it leaves alone', () => {
    expect(describeSyncStatus(status({ phase: 'idle', message: 'The server keeps resetting “Junk”.' }))).toBe(
      'Up to date. The server keeps resetting “Junk”.',
    );
  });
});

describe('describeRefusedCertificate', () => {
  const certificate = {
    host: 'imap.example.test',
    port: 993,
    fingerprint256: 'AB:CD',
    subject: 'CN=imap.example.test',
    issuer: 'CN=Home CA',
    validFrom: '2025-03-01T12:00:00.000Z',
    validTo: '2026-03-01T12:00:00.000Z',
    problem: 'untrusted' as const,
    reason:
      'The certificate of imap.example.test:993 is not trusted: it was issued by an authority this computer does not trust.',
  };

  it('says why, the fingerprint, who issued it to whom and for how long', () => {
    expect(describeRefusedCertificate(certificate, 'en-US')).toEqual([
      `${certificate.reason} SHA-256 fingerprint: AB:CD`,
      'Issued to CN=imap.example.test by CN=Home CA, valid from Mar 1, 2025 to Mar 1, 2026.',
      'Trust it only if you know this is your server’s certificate.',
    ]);
  });

  it('warns differently when the certificate changed', () => {
    const changed = {
      ...certificate,
      problem: 'changed' as const,
      reason: 'The certificate of imap.example.test:993 changed since you trusted it.',
    };
    expect(describeRefusedCertificate(changed, 'en-US')[2]).toBe(
      'Trust the new certificate only if you know the server changed it.',
    );
  });
});
