// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import { fakeMailClient } from '../mail/mail.test-support';
import { useTestRoot } from '../test-root.test-support';
import { buttonNamed, click, outboxItemOf } from './compose.test-support';
import { OutboxBadge, OutboxFailureNotice, useOutboxAttention } from './outbox-attention';

const view = useTestRoot();

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

function Harness({ client, onOpen }: { client: Client; onOpen: () => void }) {
  const attention = useOutboxAttention(client);
  return (
    <>
      <button type="button">
        Outbox
        <OutboxBadge count={attention.count} />
      </button>
      <OutboxFailureNotice notice={attention.notice} onOpenOutbox={onOpen} onDismiss={attention.dismiss} />
    </>
  );
}

const refused = (id: number, subject: string): OutboxItem =>
  outboxItemOf(id, {
    subject,
    state: 'failed',
    error: { kind: 'recipientRefused', message: 'The server refused nobody@harbor.test.', refusedRecipients: [] },
  });

const outboxButton = () => view.host.querySelector('button')!;
const notice = () => view.host.querySelector('[role="alert"]')!;

async function render(listed: () => OutboxItem[]) {
  const fake = fakeMailClient({ 'outbox.list': listed });
  let opened = 0;
  await act(async () => view.root.render(<Harness client={fake.client} onOpen={() => (opened += 1)} />));
  await settle();
  const changed = async () => {
    await act(async () => fake.emit('outbox.changed', { accountId: 'acct:alice' }));
    await settle();
  };
  return { changed, opened: () => opened };
}

describe('the outbox needing the person', () => {
  it('counts failed items on the badge and announces one that fails while the app is open', async () => {
    let items: OutboxItem[] = [refused(1, 'From before'), outboxItemOf(2, { state: 'queued' })];
    const outbox = await render(() => items);
    expect(outboxButton().textContent).toBe('Outbox1, 1 not sent');
    // What had failed before the app opened gets the badge, not a notice.
    expect(notice().textContent).toBe('');

    items = [refused(1, 'From before'), refused(2, 'Dinner plans'), outboxItemOf(3, { state: 'sent' })];
    await outbox.changed();
    expect(outboxButton().textContent).toBe('Outbox2, 2 not sent');
    expect(notice().textContent).toContain('Not sent: Dinner plans');
    expect(notice().textContent).toContain('The server refused nobody@harbor.test.');

    await click(buttonNamed(view.host, 'Open Outbox'));
    expect(outbox.opened()).toBe(1);
    expect(notice().textContent).toBe('');
  });

  it('drops the notice and the badge once the item is dealt with', async () => {
    let items: OutboxItem[] = [];
    const outbox = await render(() => items);
    expect(outboxButton().textContent).toBe('Outbox');
    items = [
      outboxItemOf(4, {
        state: 'possiblySent',
        error: { kind: 'possiblySent', message: 'The app stopped before the server answered.', refusedRecipients: [] },
      }),
    ];
    await outbox.changed();
    expect(notice().textContent).toContain('The app stopped before the server answered.');
    items = [outboxItemOf(4, { state: 'queued' })];
    await outbox.changed();
    expect(notice().textContent).toBe('');
    expect(outboxButton().textContent).toBe('Outbox');
  });

  it('can be dismissed', async () => {
    let items: OutboxItem[] = [];
    const outbox = await render(() => items);
    items = [refused(5, '')];
    await outbox.changed();
    expect(notice().textContent).toContain('Not sent: (no subject)');
    await click(buttonNamed(view.host, 'Dismiss'));
    expect(notice().textContent).toBe('');
    expect(outboxButton().textContent).toBe('Outbox1, 1 not sent');
  });
});
