import { formatFullDate, type DateSetting } from '../../shared/readable-dates';

export { formatFullDate };

const dayMs = 86_400_000;

/** The calendar day an instant falls on in a time zone, as days since 1970-01-01. */
function calendarDay(instant: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((each) => each.type === type)?.value);
  return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / dayMs);
}

const yearOf = (instant: number, timeZone: string | undefined) =>
  new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(instant);

/**
 * A message date as a list shows it: the time today, the weekday in the six days before, day and
 * month this year, else the full date. Days are counted in the reader's time zone.
 */
export function formatListDate(date: number | null, now: Date = new Date(), setting: DateSetting = {}): string {
  if (date === null) return '';
  const { locale, timeZone } = setting;
  const daysAgo = calendarDay(now.getTime(), timeZone) - calendarDay(date, timeZone);
  if (daysAgo === 0) {
    return new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }).format(date);
  }
  if (daysAgo > 0 && daysAgo < 7) return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' }).format(date);
  if (yearOf(date, timeZone) === yearOf(now.getTime(), timeZone)) {
    return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }).format(date);
  }
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }).format(date);
}
