import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildInvitationReply, invitationReplyCalendar } from './invitation-reply';

const invitation = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:review-7@example.org',
  'SEQUENCE:2',
  'RECURRENCE-ID;TZID=Europe/Berlin:20251110T140000',
  'DTSTAMP:20251101T080000Z',
  'DTSTART;TZID=Europe/Berlin:20251110T150000',
  'DTEND;TZID=Europe/Berlin:20251110T160000',
  'SUMMARY:Design review',
  'ORGANIZER;CN=Bob Example:mailto:bob@example.org',
  'ATTENDEE;CN=Bob Example;PARTSTAT=ACCEPTED:mailto:bob@example.org',
  'ATTENDEE;CN=Alice Example;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:alice@example.org',
  'ATTENDEE;CN=Carol;PARTSTAT=ACCEPTED:mailto:carol@example.org',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const alice = { email: 'alice@example.org', displayName: 'Alice Example' };
const now = new Date(Date.UTC(2025, 10, 2, 9, 0));

const eventOf = (ics: string) => new ICAL.Component(ICAL.parse(ics) as unknown[]).getFirstSubcomponent('vevent')!;

describe('the iTIP REPLY to an invitation', () => {
  it('names the same event, copies the organizer and lists only the user with the answer', () => {
    const calendar = new ICAL.Component(
      ICAL.parse(invitationReplyCalendar(invitation, alice, 'tentative', now)) as unknown[],
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('REPLY');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe('review-7@example.org');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    const recurrenceId = event.getFirstProperty('recurrence-id')!;
    expect(recurrenceId.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(recurrenceId.getFirstValue())).toBe('2025-11-10T14:00:00');
    // The zone the RECURRENCE-ID names travels with it.
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    expect(event.getFirstPropertyValue('organizer')).toBe('mailto:bob@example.org');
    expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBe('Bob Example');
    const attendees = event.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.getFirstValue()).toBe('mailto:alice@example.org');
    expect(attendees[0]!.getParameter('partstat')).toBe('TENTATIVE');
    expect(attendees[0]!.getParameter('rsvp')).toBeUndefined();
    expect(event.getFirstPropertyValue('dtstamp')!.toString()).toBe('2025-11-02T09:00:00Z');
  });

  it('adds the user as attendee when the invitation went to a list', () => {
    const toList = invitation.replace(/ATTENDEE;CN=Alice[^\r]+\r\n/u, '');
    const reply = eventOf(invitationReplyCalendar(toList, alice, 'declined', now));
    const [attendee] = reply.getAllProperties('attendee');
    expect(attendee!.getFirstValue()).toBe('mailto:alice@example.org');
    expect(attendee!.getParameter('cn')).toBe('Alice Example');
    expect(attendee!.getParameter('partstat')).toBe('DECLINED');
  });

  it('is refused clearly when there is nothing to answer', () => {
    expect(() => invitationReplyCalendar('nonsense', alice, 'accepted', now)).toThrow(/could not be read/u);
    const noOrganizer = invitation.replace(/ORGANIZER[^\r]+\r\n/u, '');
    expect(() => invitationReplyCalendar(noOrganizer, alice, 'accepted', now)).toThrow(/could not be read/u);
  });

  it('goes to the organizer as multipart/alternative with method=REPLY, threaded under the invitation', async () => {
    const built = await buildInvitationReply(
      invitation,
      {
        subject: 'Invitation: Design review',
        messageId: 'invite-1@example.org',
        references: ['root@example.org'],
        from: { name: 'Bob', address: 'bob@example.org' },
      },
      alice,
      'accepted',
      { messageId: 'reply-1@example.org', date: now },
    );
    expect(built.envelope).toEqual({ from: 'alice@example.org', to: ['bob@example.org'] });
    expect(built.subject).toBe('Accepted: Design review');
    const raw = Buffer.from(built.raw).toString('utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/mu);
    expect(raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REPLY/mu);
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.inReplyTo).toBe('<invite-1@example.org>');
    expect(parsed.references).toEqual(['<root@example.org>', '<invite-1@example.org>']);
    expect(parsed.text?.trim()).toBe('Alice Example has accepted this invitation.');
    const calendarPart = parsed.attachments.find((part) => part.contentType === 'text/calendar')!;
    const reply = eventOf(calendarPart.content.toString('utf8'));
    expect(reply.getFirstProperty('attendee')!.getParameter('partstat')).toBe('ACCEPTED');
    // Only the alternative: no second copy as an attachment.
    expect(parsed.attachments).toHaveLength(1);
  });
});
