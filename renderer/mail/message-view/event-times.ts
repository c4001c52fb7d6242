import type { CalendarEvent } from '../../../shared/mail-models';
import type { DateSetting } from '../../../shared/readable-dates';

// When an event happens, said in the reader's time zone: "Monday, July 7, 2025, 3:30 – 4:00 PM".
// All-day events are dates, not instants: they read the same in every zone.

const DAY = 24 * 60 * 60 * 1000;

function dayKey(instant: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

export function eventWhen(event: Pick<CalendarEvent, 'start' | 'end' | 'allDay'>, setting: DateSetting = {}): string {
  if (event.allDay) {
    const format = new Intl.DateTimeFormat(setting.locale, { dateStyle: 'full', timeZone: 'UTC' });
    const lastDay = event.end !== null && event.end - event.start > DAY ? event.end - DAY : null;
    return lastDay === null ? `${format.format(event.start)}, all day` : format.formatRange(event.start, lastDay);
  }
  const dateTime = new Intl.DateTimeFormat(setting.locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: setting.timeZone,
  });
  if (event.end === null || event.end <= event.start) return dateTime.format(event.start);
  if (dayKey(event.start, setting.timeZone) === dayKey(event.end, setting.timeZone)) {
    const time = new Intl.DateTimeFormat(setting.locale, { timeStyle: 'short', timeZone: setting.timeZone });
    const date = new Intl.DateTimeFormat(setting.locale, { dateStyle: 'full', timeZone: setting.timeZone });
    return `${date.format(event.start)}, ${time.formatRange(event.start, event.end)}`;
  }
  return dateTime.formatRange(event.start, event.end);
}

/**
 * The organizer's own wall-clock times, when they wrote them in another zone than the reader's
 * ("9:30 – 10:00 AM New York time"); null when the zones agree or the zone is unknown here.
 */
export function organizerWhen(
  event: Pick<CalendarEvent, 'start' | 'end' | 'allDay' | 'timeZone'>,
  setting: DateSetting = {},
): string | null {
  if (event.allDay || event.timeZone === null) return null;
  const reader = setting.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    const theirs = new Intl.DateTimeFormat(setting.locale, { timeStyle: 'short', timeZone: event.timeZone });
    const offset = (zone: string) =>
      new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(event.start)
        .find((part) => part.type === 'timeZoneName')?.value;
    if (offset(event.timeZone) === offset(reader)) return null;
    const place = event.timeZone.split('/').at(-1)!.replace(/_/gu, ' ');
    const times =
      event.end !== null && event.end > event.start
        ? theirs.formatRange(event.start, event.end)
        : theirs.format(event.start);
    return `${times} ${place} time`;
  } catch {
    return null;
  }
}

/** The month and day for the card's calendar tile, in the reader's zone (all-day: the date itself). */
export function eventTile(event: Pick<CalendarEvent, 'start' | 'allDay'>, setting: DateSetting = {}) {
  const timeZone = event.allDay ? 'UTC' : setting.timeZone;
  return {
    month: new Intl.DateTimeFormat(setting.locale, { month: 'short', timeZone }).format(event.start),
    day: new Intl.DateTimeFormat(setting.locale, { day: 'numeric', timeZone }).format(event.start),
    weekday: new Intl.DateTimeFormat(setting.locale, { weekday: 'short', timeZone }).format(event.start),
  };
}
