// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { MessageDetail } from '../../shared/mail-models';
import { useTestRoot } from '../test-root.test-support';
import { fakeMailClient } from './mail.test-support';
import { useMarkReadLater } from './use-mark-read-later';

const detail = (id: number, unread = true) => ({ id, unread }) as MessageDetail;

function Reader(props: {
  client: Client;
  detail: MessageDetail | null;
  delay: number | null;
  onMarked: (id: number) => void;
}) {
  useMarkReadLater(props.client, props.detail, props.delay, props.onMarked);
  return null;
}

const view = useTestRoot();
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('mark as read after N seconds', () => {
  it('marks an unread message read once it stayed open that long, and says so', async () => {
    const fake = fakeMailClient({ 'mail.setFlags': () => ({ undoId: null }) });
    const marked: number[] = [];
    const show = (shown: MessageDetail | null, delay: number | null = 5) =>
      act(async () =>
        view.root.render(
          <Reader client={fake.client} detail={shown} delay={delay} onMarked={(id) => marked.push(id)} />,
        ),
      );
    await show(detail(7));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(4_900);
    });
    expect(fake.callsOf('mail.setFlags')).toEqual([]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    expect(fake.callsOf('mail.setFlags')).toEqual([{ messageIds: [7], unread: false }]);
    expect(marked).toEqual([7]);
  });

  it('leaves a message unread when the person moves on first, when already read, and when set to never', async () => {
    const fake = fakeMailClient({ 'mail.setFlags': () => ({ undoId: null }) });
    const show = (shown: MessageDetail | null, delay: number | null) =>
      act(async () =>
        view.root.render(<Reader client={fake.client} detail={shown} delay={delay} onMarked={() => {}} />),
      );
    await show(detail(7), 5);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_000);
    });
    await show(detail(8, false), 5);
    await show(detail(9), null);
    await show(detail(10), 0);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(fake.callsOf('mail.setFlags')).toEqual([]);
  });
});
