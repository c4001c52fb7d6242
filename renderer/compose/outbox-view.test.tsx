// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/compose-models';
import type { ServerCertificate } from '../../shared/mail-models';
import { fakeMailClient } from '../mail/mail.test-support';
import { buttonNamed, click, outboxItemOf } from './compose.test-support';
import { DraftsList } from './drafts-list';
import { OutboxView } from './outbox-view';
import { useTestRoot } from '../test-root.test-support';

const view = useTestRoot();

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const later = Date.now() + 60 * 60 * 1000;
const items: OutboxItem[] = [
  outboxItemOf(1, { subject: '<b>Queued</b>', state: 'queued', sendAt: later }),
  outboxItemOf(2, { state: 'sending' }),
  outboxItemOf(3, {
    state: 'retrying',
    nextAttemptAt: later,
    error: { kind: 'offline', message: 'The server cannot be reached.', refusedRecipients: [] },
  }),
  outboxItemOf(4, {
    state: 'failed',
    error: {
      kind: 'recipientRefused',
      message: 'The server refused a recipient.',
      refusedRecipients: ['x@nowhere.test'],
    },
  }),
  outboxItemOf(5, {
    state: 'possiblySent',
    error: { kind: 'possiblySent', message: 'The app stopped before the server answered.', refusedRecipients: [] },
  }),
];

const selfSignedSmtp: ServerCertificate = {
  host: 'smtp.example.test',
  port: 465,
  fingerprint256: 'AA:BB:CC',
  subject: 'CN=smtp.example.test',
  issuer: 'CN=smtp.example.test',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2099-01-01T00:00:00.000Z',
  problem: 'untrusted',
  reason: 'The certificate of smtp.example.test:465 is not trusted: it is self-signed.',
};

const item = (subject: string) => view.host.querySelector<HTMLElement>(`li[aria-label="${subject}"]`)!;

async function renderOutbox(listed: () => OutboxItem[] = () => items) {
  const edited: number[] = [];
  const fake = fakeMailClient({
    'outbox.list': listed,
    'outbox.sendNow': () => ({}),
    'outbox.edit': ({ outboxId }) => ({ draftId: outboxId * 10 }),
    'outbox.delete': () => ({ deleted: true }),
  });
  await act(async () => view.root.render(<OutboxView client={fake.client} onEdit={(id) => edited.push(id)} />));
  await settle();
  return { ...fake, edited };
}

describe('OutboxView', () => {
  it('shows each state in plain words, subjects as text', async () => {
    await renderOutbox();
    const time = (at: number) =>
      new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    expect(item('<b>Queued</b>').querySelector('.outbox-subject')?.textContent).toBe('<b>Queued</b>');
    expect(view.host.querySelectorAll('b')).toHaveLength(0);
    expect(item('<b>Queued</b>').textContent).toContain(`Queued: sends at ${time(later)}.`);
    expect(item('Outgoing 2').textContent).toContain('Sending…');
    expect(item('Outgoing 3').textContent).toContain(`Retrying at ${time(later)}. The server cannot be reached.`);
    expect(item('Outgoing 4').textContent).toContain('Failed. The server refused a recipient.');
    expect(item('Outgoing 4').textContent).toContain('Refused: x@nowhere.test');
    expect(item('Outgoing 5').textContent).toContain('Possibly sent. The app stopped before the server answered.');
    expect(buttonNamed(item('Outgoing 2'), 'Send now')).toBeUndefined();
    expect(buttonNamed(item('Outgoing 2'), 'Delete')).toBeUndefined();
  });

  it('leaves sent items out, even while their copy in the Sent folder is still owed', async () => {
    const sentAt = Date.UTC(2020, 0, 1, 12);
    await renderOutbox(() => [
      outboxItemOf(1, { state: 'sent', sentAt, sentCopyPending: { reason: 'Nothing answers at imap.test:993.' } }),
      outboxItemOf(2, { state: 'sent', sentAt }),
      outboxItemOf(3, { state: 'queued', sendAt: later }),
    ]);
    expect(item('Outgoing 1')).toBeNull();
    expect(item('Outgoing 2')).toBeNull();
    expect(item('Outgoing 3')).not.toBeNull();
  });

  it('Send now, Edit and Delete call the outbox', async () => {
    const fake = await renderOutbox();
    await click(buttonNamed(item('Outgoing 3'), 'Send now'));
    await settle();
    expect(fake.callsOf('outbox.sendNow')).toEqual([{ outboxId: 3 }]);

    await click(buttonNamed(item('Outgoing 4'), 'Edit'));
    await settle();
    expect(fake.callsOf('outbox.edit')).toEqual([{ outboxId: 4 }]);
    expect(fake.edited).toEqual([40]);

    await click(buttonNamed(item('<b>Queued</b>'), 'Delete'));
    await settle();
    expect(fake.callsOf('outbox.delete')).toEqual([{ outboxId: 1 }]);
  });

  it('asks before deleting a possibly sent message', async () => {
    const fake = await renderOutbox();
    await click(buttonNamed(item('Outgoing 5'), 'Delete'));
    // The question is a modal dialog portaled to the body.
    const dialog = document.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('It may have been sent already.');
    expect(fake.callsOf('outbox.delete')).toEqual([]);
    await click(buttonNamed(dialog, 'Cancel'));
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(fake.callsOf('outbox.delete')).toEqual([]);

    await click(buttonNamed(item('Outgoing 5'), 'Delete'));
    await click(buttonNamed(document.querySelector('[role="alertdialog"]')!, 'Delete'));
    await settle();
    expect(fake.callsOf('outbox.delete')).toEqual([{ outboxId: 5 }]);
  });

  it('offers to trust the SMTP certificate that refused the item, then sends it again', async () => {
    const certificate = selfSignedSmtp;
    const refused = outboxItemOf(7, {
      state: 'retrying',
      nextAttemptAt: later,
      error: { kind: 'untrustedCertificate', message: certificate.reason, refusedRecipients: [] },
      certificate,
    });
    const fake = fakeMailClient({
      'outbox.list': () => [refused, outboxItemOf(8, { state: 'retrying', nextAttemptAt: later })],
      'outbox.sendNow': () => ({}),
      'tls.trustCertificate': () => ({}),
    });
    await act(async () => view.root.render(<OutboxView client={fake.client} onEdit={() => undefined} />));
    await settle();

    const block = item('Outgoing 7').querySelector('.refused-certificate')!;
    expect(block.textContent).toContain(`${certificate.reason} SHA-256 fingerprint: AA:BB:CC`);
    expect(item('Outgoing 7').textContent?.split(certificate.reason)).toHaveLength(2);
    expect(item('Outgoing 8').querySelector('.refused-certificate')).toBeNull();

    await click(buttonNamed(block, 'Trust this certificate'));
    await settle();
    expect(fake.callsOf('tls.trustCertificate')).toEqual([
      { host: 'smtp.example.test', port: 465, fingerprint256: 'AA:BB:CC' },
    ]);
    expect(fake.callsOf('outbox.sendNow')).toEqual([{ outboxId: 7 }]);
  });

  it('does not send again when trusting fails, and says why', async () => {
    const certificate: ServerCertificate = {
      ...selfSignedSmtp,
      problem: 'changed',
      reason: 'The certificate of smtp.example.test:465 changed since you trusted it.',
    };
    const fake = fakeMailClient({
      'outbox.list': () => [outboxItemOf(7, { state: 'retrying', certificate })],
      'outbox.sendNow': () => ({}),
      'tls.trustCertificate': () => {
        throw new Error('smtp.example.test:465 now presents another certificate; look at it again.');
      },
    });
    await act(async () => view.root.render(<OutboxView client={fake.client} onEdit={() => undefined} />));
    await settle();
    await click(buttonNamed(item('Outgoing 7'), 'Trust this certificate'));
    await settle();
    expect(item('Outgoing 7').textContent).toContain('now presents another certificate');
    expect(fake.callsOf('outbox.sendNow')).toEqual([]);
  });

  it('follows outbox.changed', async () => {
    let current = [outboxItemOf(1, { state: 'sending' })];
    const fake = await renderOutbox(() => current);
    expect(item('Outgoing 1').textContent).toContain('Sending…');
    current = [outboxItemOf(1, { state: 'sent', sentAt: Date.UTC(2020, 0, 1, 12) })];
    await act(async () => fake.emit('outbox.changed', { accountId: 'acct:alice' }));
    await settle();
    expect(item('Outgoing 1')).toBeNull();
    expect(view.host.textContent).toContain('Nothing waiting to be sent.');
  });
});

describe('DraftsList', () => {
  it('offers to resume the drafts kept from before, and follows compose.draftsChanged', async () => {
    let drafts = [
      { id: 5, accountId: 'acct:alice', mode: 'new' as const, subject: 'Half written', to: [], savedAt: 1 },
      { id: 6, accountId: 'acct:alice', mode: 'reply' as const, subject: 'Open now', to: [], savedAt: 2 },
    ];
    const fake = fakeMailClient({ 'compose.drafts': () => drafts });
    const resumed: number[] = [];
    await act(async () =>
      view.root.render(<DraftsList client={fake.client} openDraftId={6} onResume={(id) => resumed.push(id)} />),
    );
    await settle();
    expect(buttonNamed(view.host, 'Resume draft: Open now')).toBeUndefined();
    await click(buttonNamed(view.host, 'Resume draft: Half written'));
    expect(resumed).toEqual([5]);

    drafts = [];
    await act(async () => fake.emit('compose.draftsChanged', { accountId: 'acct:alice' }));
    await settle();
    expect(view.host.querySelector('[aria-label="Unsent drafts"]')).toBeNull();
  });
});
