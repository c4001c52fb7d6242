import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../sync/parse-body';
import { readCalendarEvent } from './read-calendar-event';

const ics = (...lines: string[]) => [...lines].join('\r\n');

// A weekly meeting written in New York time with its VTIMEZONE, as Outlook and Apple Calendar send it.
const newYork = [
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const weekly = (method: string, extra: string[] = [], zone = newYork) =>
  ics(
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//EN',
    `METHOD:${method}`,
    ...zone,
    'BEGIN:VEVENT',
    'UID:standup-42@example.org',
    'SEQUENCE:3',
    'DTSTAMP:20250101T120000Z',
    'DTSTART;TZID=America/New_York:20250707T093000',
    'DTEND;TZID=America/New_York:20250707T100000',
    'RRULE:FREQ=WEEKLY;BYDAY=MO',
    'SUMMARY:Team standup',
    'LOCATION:Room 4\\, Harbor House',
    'ORGANIZER;CN=Bob Example:mailto:bob@example.org',
    'ATTENDEE;CN=Bob Example;PARTSTAT=ACCEPTED:mailto:bob@example.org',
    'ATTENDEE;CN=Alice Example;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:Alice@Example.org',
    'ATTENDEE;CN=Carol;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE:mailto:carol@example.org',
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
  );

describe('readCalendarEvent', () => {
  it('reads an invitation in a VTIMEZONE zone: instants, people, the user and the rule in words', () => {
    const event = readCalendarEvent(weekly('REQUEST'), 'alice@example.org')!;
    expect(event).toMatchObject({
      method: 'request',
      title: 'Team standup',
      // 09:30 in New York in July is EDT (UTC-4).
      start: Date.UTC(2025, 6, 7, 13, 30),
      end: Date.UTC(2025, 6, 7, 14, 0),
      allDay: false,
      timeZone: 'America/New_York',
      recurrence: 'Every week on Monday',
      location: 'Room 4, Harbor House',
      organizer: { name: 'Bob Example', address: 'bob@example.org', status: null },
      yourStatus: 'needs-action',
      canAnswer: true,
      cancelled: false,
    });
    expect(event.attendees.map((each) => [each.address, each.status, each.optional, each.you])).toEqual([
      ['bob@example.org', 'accepted', false, false],
      ['Alice@Example.org', 'needs-action', false, true],
      ['carol@example.org', 'tentative', true, false],
    ]);
  });

  it('takes a TZID without a definition as an IANA zone, in winter time too', () => {
    const winter = weekly('REQUEST', [], []).replace(/20250707T/gu, '20250106T');
    const event = readCalendarEvent(winter, 'alice@example.org')!;
    expect(event.start).toBe(Date.UTC(2025, 0, 6, 14, 30));
    expect(event.end).toBe(Date.UTC(2025, 0, 6, 15, 0));
  });

  it('the corpus invitation (Google Calendar, Europe/Tallinn) reads with its own zone', async () => {
    const source = readFileSync(new URL('../../../e2e/corpus/postal-mime/calendar-event.eml', import.meta.url));
    const body = await parseBody(new Uint8Array(source));
    const event = readCalendarEvent(body.calendar!, 'andris@ethereal.email')!;
    expect(event).toMatchObject({
      method: 'request',
      title: 'Test event ⏰',
      start: Date.UTC(2024, 3, 11, 8, 0),
      end: Date.UTC(2024, 3, 11, 9, 0),
      timeZone: 'Europe/Tallinn',
      recurrence: null,
      location: null,
      yourStatus: 'needs-action',
      canAnswer: true,
    });
    expect(event.organizer?.address).toBe('andris@postalsys.com');
  });

  it('says what a CANCEL says, and offers no answer', () => {
    const event = readCalendarEvent(weekly('CANCEL', ['STATUS:CANCELLED']), 'alice@example.org')!;
    expect(event).toMatchObject({ method: 'cancel', cancelled: true, canAnswer: false });
  });

  it('a REPLY shows who answered what; the organizer is not asked to answer', () => {
    const reply = ics(
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'UID:standup-42@example.org',
      'DTSTAMP:20250102T120000Z',
      'DTSTART:20250707T133000Z',
      'ORGANIZER:mailto:bob@example.org',
      'ATTENDEE;CN=Carol;PARTSTAT=DECLINED:mailto:carol@example.org',
      'END:VEVENT',
      'END:VCALENDAR',
    );
    const event = readCalendarEvent(reply, 'bob@example.org')!;
    expect(event.method).toBe('reply');
    expect(event.canAnswer).toBe(false);
    expect(event.timeZone).toBeNull();
    expect(event.attendees).toEqual([
      { name: 'Carol', address: 'carol@example.org', status: 'declined', optional: false, you: false },
    ]);
  });

  it('all-day events, one occurrence of a series, and the answer sent from here', () => {
    const allDay = ics(
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:offsite@example.org',
      'DTSTART;VALUE=DATE:20251003',
      'DTEND;VALUE=DATE:20251004',
      'RECURRENCE-ID;VALUE=DATE:20251003',
      'RRULE:FREQ=MONTHLY;BYDAY=1FR;COUNT=6',
      'ORGANIZER:mailto:bob@example.org',
      'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:alice@example.org',
      'END:VEVENT',
      'END:VCALENDAR',
    );
    const event = readCalendarEvent(allDay, 'alice@example.org', 'declined')!;
    expect(event).toMatchObject({
      allDay: true,
      start: Date.UTC(2025, 9, 3),
      end: Date.UTC(2025, 9, 4),
      timeZone: null,
      occurrence: Date.UTC(2025, 9, 3),
      recurrence: 'Every month on the first Friday, 6 times',
      title: '(no title)',
      yourStatus: 'declined',
    });
  });

  it('says other rules in words, and "Repeats" for what it cannot', () => {
    const rule = (value: string) =>
      readCalendarEvent(weekly('REQUEST').replace('RRULE:FREQ=WEEKLY;BYDAY=MO', `RRULE:${value}`), 'x@y')!.recurrence;
    expect(rule('FREQ=DAILY')).toBe('Every day');
    expect(rule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;UNTIL=20251231T235959Z')).toBe(
      'Every 2 weeks on Monday, Wednesday and Friday, until December 31, 2025',
    );
    expect(rule('FREQ=WEEKLY')).toBe('Every week on Monday');
    expect(rule('FREQ=MONTHLY;BYMONTHDAY=15')).toBe('Every month on day 15');
    expect(rule('FREQ=MONTHLY;BYDAY=-1FR')).toBe('Every month on the last Friday');
    expect(rule('FREQ=YEARLY')).toBe('Every year on July 7');
    expect(rule('FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1')).toBe('Repeats');
  });

  it('gives null for a part that holds no event or is not iCalendar', () => {
    expect(readCalendarEvent('BEGIN:VCALENDAR\r\nEND:VCALENDAR', 'a@b')).toBeNull();
    expect(readCalendarEvent('not a calendar', 'a@b')).toBeNull();
    expect(readCalendarEvent(weekly('REQUEST').replace(/DTSTART;[^\r]+\r\n/u, ''), 'a@b')).toBeNull();
  });
});
