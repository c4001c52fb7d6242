// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { ServerCertificate, SyncStatus } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { fakeMailClient } from './mail.test-support';
import { SyncStatusLine } from './sync-status';
import { useTestRoot } from '../test-root.test-support';

const alice = { id: 'acct:alice', email: 'alice@example.test' } as AccountSummary;
const fingerprint256 = Array.from({ length: 32 }, (_, index) => (index * 7).toString(16).padStart(2, '0'))
  .join(':')
  .toUpperCase();
const certificate: ServerCertificate = {
  host: 'imap.example.test',
  port: 993,
  fingerprint256,
  subject: 'CN=self-signed',
  issuer: 'CN=self-signed',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2035-01-01T00:00:00.000Z',
  problem: 'untrusted',
  reason: 'The certificate of imap.example.test:993 is not trusted: it is self-signed.',
};
const offline = (withCertificate: ServerCertificate | null): SyncStatus => ({
  accountId: alice.id,
  phase: 'offline',
  folderId: null,
  done: 0,
  total: 0,
  rate: 0,
  etaSeconds: null,
  message: withCertificate?.reason ?? null,
  retryAt: null,
  certificate: withCertificate,
});

const view = useTestRoot();

const button = (name: string) =>
  [...view.host.querySelectorAll('button')].find((candidate) => candidate.textContent === name) ?? null;

describe('a refused certificate in the sync status', () => {
  it('shows why and which certificate, and trusts exactly that one on request', async () => {
    let answer: () => Record<string, never> = () => ({});
    const fake = fakeMailClient({ 'tls.trustCertificate': () => answer() });
    await act(async () =>
      view.root.render(<SyncStatusLine client={fake.client} accounts={[alice]} statuses={[offline(certificate)]} />),
    );
    const text = view.host.querySelector('.refused-certificate')!.textContent;
    expect(text).toContain(`${certificate.reason} SHA-256 fingerprint: ${fingerprint256}`);
    expect(text).toContain('Issued to CN=self-signed by CN=self-signed');

    await act(async () => button('Trust this certificate')!.click());
    expect(fake.callsOf('tls.trustCertificate')).toEqual([{ host: 'imap.example.test', port: 993, fingerprint256 }]);
    expect(view.host.querySelector('.refused-certificate .error')).toBeNull();

    answer = () => {
      throw new Error('imap.example.test:993 now presents another certificate; look at it again.');
    };
    await act(async () => button('Trust this certificate')!.click());
    expect(view.host.querySelector('.refused-certificate .error')?.textContent).toContain(
      'now presents another certificate',
    );
  });

  it('offers nothing to trust when the status carries no certificate', async () => {
    const fake = fakeMailClient({});
    await act(async () =>
      view.root.render(<SyncStatusLine client={fake.client} accounts={[alice]} statuses={[offline(null)]} />),
    );
    expect(view.host.querySelector('.refused-certificate')).toBeNull();
    expect(button('Trust this certificate')).toBeNull();
  });
});
