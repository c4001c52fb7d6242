import { randomUUID } from 'node:crypto';

// PROJECT-WRITTEN FIXTURE, not from the public corpus: the corpus's only iTIP REQUEST
// (postal-mime/calendar-event.eml) invites andris@ethereal.email, not a sandbox user. This one is
// laid out the way Outlook and Apple Calendar send an invitation (RFC 6047: multipart/alternative
// of text, HTML and text/calendar with method=REQUEST, with the VTIMEZONE of the TZID it uses) and
// invites a sandbox user to a weekly meeting in Berlin time. Each call makes a new UID and Message-ID.

export interface Invitation {
  raw: string;
  messageId: string;
  uid: string;
  title: string;
}

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

export function weeklyInvitation(options: {
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  title: string;
  /** A Monday, as YYYYMMDD. */
  firstMonday: string;
}): Invitation {
  const { organizer, attendee, title, firstMonday } = options;
  const uid = `${randomUUID()}@harbor.test`;
  const messageId = `invite-${randomUUID()}@harbor.test`;
  const calendar = crlf([
    'BEGIN:VCALENDAR',
    'PRODID:-//Harbor Mail tests//Project-written invitation//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Berlin',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'SEQUENCE:1',
    'DTSTAMP:20250601T080000Z',
    `DTSTART;TZID=Europe/Berlin:${firstMonday}T100000`,
    `DTEND;TZID=Europe/Berlin:${firstMonday}T103000`,
    'RRULE:FREQ=WEEKLY;BYDAY=MO',
    `SUMMARY:${title}`,
    'LOCATION:Harbor House\\, Room 4',
    'STATUS:CONFIRMED',
    `ORGANIZER;CN=${organizer.name}:mailto:${organizer.email}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=${organizer.name}:mailto:${organizer.email}`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=${attendee.name}:mailto:${attendee.email}`,
    'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE;CN=Dana Whitfield:mailto:dana@harbor.test',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  const boundary = `alt-${randomUUID()}`;
  const raw = crlf([
    `From: ${organizer.name} <${organizer.email}>`,
    `To: ${attendee.name} <${attendee.email}>`,
    `Subject: Invitation: ${title}`,
    `Message-ID: <${messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `${organizer.name} invites you to ${title}, every Monday 10:00-10:30 (Berlin), Harbor House, Room 4.`,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>${organizer.name} invites you to <b>${title}</b>, every Monday 10:00&ndash;10:30 (Berlin), Harbor House, Room 4.</p>`,
    `--${boundary}`,
    'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
    '',
    calendar,
    `--${boundary}--`,
  ]);
  return { raw, messageId, uid, title };
}
