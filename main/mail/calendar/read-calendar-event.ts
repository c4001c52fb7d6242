import ICAL from 'ical.js';
import type { CalendarEvent, EventPerson, Participation } from '../../../shared/mail-models';
import { recurrenceWords } from './recurrence-words';

// The event of a message's text/calendar part (iTIP, RFC 5546), read with ical.js. Time zones come
// from the part's own VTIMEZONE definitions (never registered globally, so one message cannot
// change how another's times read); a TZID without a definition is taken as an IANA zone name.

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;

const METHODS = new Set(['request', 'cancel', 'reply', 'publish']);
const STATUSES = new Set<string>(['needs-action', 'accepted', 'tentative', 'declined', 'delegated']);
const MAX_ATTENDEES = 200;

const mailAddress = (value: unknown): string =>
  typeof value === 'string' ? value.replace(/^mailto:/iu, '').trim() : '';

const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
        .replace(/\p{Cc}+/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim()
    : '';

export const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function person(property: Property, userAddress: string): EventPerson {
  const status = String(property.getParameter('partstat') ?? '').toLowerCase();
  const address = mailAddress(property.getFirstValue());
  return {
    name: text(property.getParameter('cn')),
    address,
    status: STATUSES.has(status) ? (status as Participation) : null,
    optional: String(property.getParameter('role') ?? '').toUpperCase() === 'OPT-PARTICIPANT',
    you: sameAddress(address, userAddress),
  };
}

/** The instant a zone's wall-clock time stands for, by the IANA database (Intl). */
function instantInZone(time: Time, zone: string): number | null {
  try {
    const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const offsetAt = (instant: number) => {
      const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
      return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - instant;
    };
    const guess = wall - offsetAt(wall);
    return wall - offsetAt(guess);
  } catch {
    return null;
  }
}

/** What a DTSTART/DTEND stands for: an instant, or for a date the UTC midnight of that date. */
function instantOf(time: Time, tzid: string | null): number {
  if (time.isDate) return Date.UTC(time.year, time.month - 1, time.day);
  const known = time.zone && time.zone !== ICAL.Timezone.localTimezone;
  if (!known && tzid) {
    const instant = instantInZone(time, tzid);
    if (instant !== null) return instant;
  }
  // A floating time (no zone) is the same wall-clock time wherever the reader is.
  return time.toJSDate().getTime();
}

const zoneOf = (property: Property | null): string | null => {
  const tzid = property?.getParameter('tzid');
  return typeof tzid === 'string' && tzid ? tzid : null;
};

/** The event the part describes: the series (no RECURRENCE-ID) when there is one, else the first occurrence. */
function mainEvent(calendar: Component): Component | null {
  const events = calendar.getAllSubcomponents('vevent');
  return events.find((event) => !event.hasProperty('recurrence-id')) ?? events[0] ?? null;
}

export function parseCalendar(ics: string): Component | null {
  try {
    const root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    const calendar = root.name === 'vcalendar' ? root : root.getFirstSubcomponent('vcalendar');
    return calendar && mainEvent(calendar) ? calendar : null;
  } catch {
    return null;
  }
}

export function eventOf(calendar: Component): Component {
  return mainEvent(calendar)!;
}

/**
 * The event of an iTIP part for the user at `userAddress`, or null when the part holds no event
 * that can be read. `answered` is the answer the user last sent from here, if any.
 */
export function readCalendarEvent(
  ics: string,
  userAddress: string,
  answered: Participation | null = null,
): CalendarEvent | null {
  const calendar = parseCalendar(ics);
  if (!calendar) return null;
  try {
    const vevent = eventOf(calendar);
    const event = new ICAL.Event(vevent);
    const startProperty = vevent.getFirstProperty('dtstart');
    if (!startProperty) return null;
    const start = event.startDate;
    const tzid = zoneOf(startProperty);
    const end = vevent.hasProperty('dtend') || vevent.hasProperty('duration') ? event.endDate : null;
    const endZone = zoneOf(vevent.getFirstProperty('dtend')) ?? tzid;
    const methodValue = String(calendar.getFirstPropertyValue('method') ?? 'publish').toLowerCase();
    const method = (METHODS.has(methodValue) ? methodValue : 'publish') as CalendarEvent['method'];
    const organizerProperty = vevent.getFirstProperty('organizer');
    const organizer = organizerProperty ? { ...person(organizerProperty, userAddress), status: null } : null;
    const attendees = vevent
      .getAllProperties('attendee')
      .slice(0, MAX_ATTENDEES)
      .map((attendee) => person(attendee, userAddress));
    const you = attendees.find((attendee) => attendee.you);
    const isOrganizer = organizer?.you === true;
    const rule = vevent.getFirstPropertyValue('rrule');
    const recurrenceId = vevent.getFirstProperty('recurrence-id');
    const cancelled =
      method === 'cancel' || String(vevent.getFirstPropertyValue('status')).toUpperCase() === 'CANCELLED';
    return {
      method,
      title: text(event.summary) || '(no title)',
      start: instantOf(start, tzid),
      end: end ? instantOf(end, endZone) : null,
      allDay: start.isDate,
      timeZone: start.isDate || start.zone === ICAL.Timezone.utcTimezone ? null : tzid,
      recurrence: rule instanceof ICAL.Recur ? recurrenceWords(rule, start) : null,
      occurrence: recurrenceId ? instantOf(recurrenceId.getFirstValue() as Time, zoneOf(recurrenceId)) : null,
      location: text(event.location) || null,
      organizer,
      attendees,
      cancelled,
      yourStatus: answered ?? you?.status ?? null,
      // An invitation sent to a list names the list, not the user, and may still be answered (RFC 5546 2.1.5).
      canAnswer: method === 'request' && !cancelled && !isOrganizer,
    };
  } catch {
    return null;
  }
}
