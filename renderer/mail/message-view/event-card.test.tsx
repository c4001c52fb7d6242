// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type Client } from '../../../shared/ipc/client';
import type { CalendarEvent, MessageDetail } from '../../../shared/mail-models';
import { eventWhen, organizerWhen } from './event-times';
import { MessageView } from './message-view';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const standup: CalendarEvent = {
  method: 'request',
  title: 'Team standup <b>now</b>',
  start: Date.UTC(2025, 6, 7, 13, 30),
  end: Date.UTC(2025, 6, 7, 14, 0),
  allDay: false,
  timeZone: 'America/New_York',
  recurrence: 'Every week on Monday',
  occurrence: null,
  location: 'Room 4',
  organizer: { name: 'Bob Example', address: 'bob@harbor.test', status: null, optional: false, you: false },
  attendees: [
    { name: 'Bob Example', address: 'bob@harbor.test', status: 'accepted', optional: false, you: false },
    { name: 'Alice Example', address: 'alice@harbor.test', status: 'needs-action', optional: false, you: true },
  ],
  cancelled: false,
  yourStatus: 'needs-action',
  canAnswer: true,
};

function message(overrides: Partial<MessageDetail> = {}): MessageDetail {
  return {
    id: 7,
    accountId: 'acct-1',
    folderId: 1,
    threadId: 1,
    from: { name: 'Bob Example', address: 'bob@harbor.test' },
    to: [{ name: 'Alice', address: 'alice@harbor.test' }],
    cc: [],
    replyTo: [],
    subject: 'Invitation: Team standup',
    date: Date.UTC(2025, 6, 1),
    messageIdHeader: 'invite@harbor.test',
    unread: false,
    flagged: false,
    html: null,
    text: 'You are invited.',
    inlineImages: {},
    attachments: [],
    remoteContentAllowed: false,
    event: standup,
    protection: null,
    folderIds: [1],
    ...overrides,
  };
}

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function clientWith(answer: (input: unknown) => unknown) {
  const call = vi.fn(async (method: string, input: unknown) => {
    if (method !== 'mail.answerInvitation') throw new Error(`unexpected call ${method}`);
    return answer(input);
  });
  return { client: { call, on: () => () => {} } as unknown as Client, call };
}

async function render(client: Client, detail: MessageDetail) {
  await act(async () => root.render(<MessageView client={client} detail={detail} />));
}

const card = () => container.querySelector('section[aria-label^="Invitation from"]');
const answerButton = (name: string) =>
  [...container.querySelectorAll('[role="group"][aria-label="Answer the invitation"] button')].find(
    (button) => button.textContent === name,
  ) as HTMLButtonElement;

describe('the event card', () => {
  it('shows the event as text: title, time, rule, place, people, and the user marked', async () => {
    await render(clientWith(() => ({})).client, message());
    const section = card()!;
    expect(section.getAttribute('aria-label')).toBe('Invitation from Bob Example');
    expect(section.querySelector('h3')?.textContent).toBe('Team standup <b>now</b>');
    expect(section.querySelector('h3 b')).toBeNull();
    expect(section.textContent).toContain('Every week on Monday');
    expect(section.textContent).toContain('Room 4');
    expect(section.textContent).toContain('Alice Example (you)Not answered');
    expect(section.textContent).toContain('Bob ExampleAccepted');
    expect(section.textContent).toContain('You have not answered yet.');
  });

  it('Accept asks the main side to answer, then shows the answer as chosen', async () => {
    const { client, call } = clientWith(() => ({ outboxId: 3, answer: 'accepted' }));
    await render(client, message());
    await act(async () => answerButton('Accept').click());
    expect(call).toHaveBeenCalledWith('mail.answerInvitation', { messageId: 7, answer: 'accepted' });
    expect(answerButton('Accept').getAttribute('aria-pressed')).toBe('true');
    expect(answerButton('Decline').getAttribute('aria-pressed')).toBe('false');
    expect(card()!.textContent).toContain('Your answer: Accepted.');
  });

  it('says why an answer could not be sent, and keeps the earlier answer', async () => {
    const { client } = clientWith(() => {
      throw new IpcError('NOT_FOUND', 'This invitation is no longer here, so it cannot be answered.');
    });
    await render(client, message({ event: { ...standup, yourStatus: 'tentative' } }));
    await act(async () => answerButton('Decline').click());
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'This invitation is no longer here, so it cannot be answered.',
    );
    expect(answerButton('Tentative').getAttribute('aria-pressed')).toBe('true');
  });

  it('a cancellation says so and offers no answer; a reply says who answered what', async () => {
    await render(
      clientWith(() => ({})).client,
      message({ event: { ...standup, method: 'cancel', cancelled: true, canAnswer: false } }),
    );
    expect(container.querySelector('section[aria-label="Event cancelled"]')?.textContent).toContain(
      'This event was cancelled by its organizer.',
    );
    expect(container.querySelector('[aria-label="Answer the invitation"]')).toBeNull();

    const carol = {
      name: 'Carol',
      address: 'carol@harbor.test',
      status: 'declined' as const,
      optional: false,
      you: false,
    };
    await render(
      clientWith(() => ({})).client,
      message({ id: 8, event: { ...standup, method: 'reply', attendees: [carol], canAnswer: false } }),
    );
    expect(container.querySelector('section[aria-label="Carol declined"]')).not.toBeNull();
  });
});

describe('signed and encrypted messages', () => {
  it('marks a signed message as signed and not verified, and still shows its text', async () => {
    await render(
      clientWith(() => ({})).client,
      message({ event: null, protection: { kind: 'signed', scheme: 'smime' } }),
    );
    const note = container.querySelector('[role="note"][aria-label="Signature"]');
    expect(note?.textContent).toContain('Signed (not verified)');
    expect(note?.textContent).toContain('S/MIME');
    expect(container.textContent).toContain('You are invited.');
  });

  it('says an encrypted message cannot be read here instead of an empty pane', async () => {
    await render(
      clientWith(() => ({})).client,
      message({ event: null, text: null, protection: { kind: 'encrypted', scheme: 'pgp' } }),
    );
    const notice = container.querySelector('section[aria-label="Encrypted message"]');
    expect(notice?.querySelector('h3')?.textContent).toBe('This message is encrypted and cannot be read here yet');
    expect(notice?.textContent).toContain('OpenPGP');
  });
});

describe('event times', () => {
  // Intl puts narrow and thin spaces around times and ranges.
  const plain = (text: string | null) => text?.replace(/\s/gu, ' ') ?? null;
  const setting = { locale: 'en-US', timeZone: 'Europe/Berlin' };
  it('are said in the reader’s zone, with the organizer’s own times when the zones differ', () => {
    expect(plain(eventWhen(standup, setting))).toBe('Monday, July 7, 2025, 3:30 – 4:00 PM');
    expect(plain(organizerWhen(standup, setting))).toBe('9:30 – 10:00 AM New York time');
    expect(organizerWhen(standup, { locale: 'en-US', timeZone: 'America/Toronto' })).toBeNull();
  });

  it('all-day events are dates in every zone; events over midnight show both dates', () => {
    const allDay = { start: Date.UTC(2025, 9, 3), end: Date.UTC(2025, 9, 4), allDay: true };
    expect(plain(eventWhen(allDay, { locale: 'en-US', timeZone: 'America/Los_Angeles' }))).toBe(
      'Friday, October 3, 2025, all day',
    );
    const twoDays = { ...allDay, end: Date.UTC(2025, 9, 5) };
    expect(plain(eventWhen(twoDays, setting))).toMatch(/^Friday, October 3 – Saturday, October 4, 2025$/u);
    const overnight = { start: Date.UTC(2025, 6, 7, 20, 0), end: Date.UTC(2025, 6, 7, 23, 0), allDay: false };
    expect(plain(eventWhen(overnight, setting))).toMatch(/July 7, 2025.*10:00.*PM.*July 8, 2025.*1:00.*AM/u);
  });
});
