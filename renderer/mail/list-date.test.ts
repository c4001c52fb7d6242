import { describe, expect, it } from 'vitest';
import { formatFullDate, formatListDate } from './list-date';

describe('formatListDate', () => {
  // Wednesday 20 May 2026, 15:00 in London (14:00 UTC).
  const now = new Date(Date.UTC(2026, 4, 20, 14, 0));
  const london = { locale: 'en-GB', timeZone: 'Europe/London' };

  it('shows the time today, the weekday this week, day and month this year, the full date before', () => {
    expect(formatListDate(Date.UTC(2026, 4, 20, 8, 5), now, london)).toBe('09:05');
    expect(formatListDate(Date.UTC(2026, 4, 19, 8, 5), now, london)).toBe('Tue');
    expect(formatListDate(Date.UTC(2026, 4, 14, 8, 5), now, london)).toBe('Thu');
    expect(formatListDate(Date.UTC(2026, 4, 13, 8, 5), now, london)).toBe('13 May');
    expect(formatListDate(Date.UTC(2026, 2, 3, 9, 5), now, london)).toBe('3 Mar');
    expect(formatListDate(Date.UTC(2025, 11, 31, 12, 0), now, london)).toBe('31 Dec 2025');
    expect(formatListDate(null, now, london)).toBe('');
  });

  it('counts days in the reader time zone, not in UTC', () => {
    // 23:30 UTC on 19 May is already 20 May in Tokyo (today) but still 19 May in New York.
    const late = Date.UTC(2026, 4, 19, 23, 30);
    expect(formatListDate(late, now, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('08:30');
    expect(formatListDate(late, now, { locale: 'en-US', timeZone: 'America/New_York' })).toBe('Tue');
    // New Year in Auckland comes while it is still 31 December in UTC.
    const newYear = new Date(Date.UTC(2025, 11, 31, 12, 0));
    expect(formatListDate(Date.UTC(2025, 10, 2, 12, 0), newYear, { locale: 'en-GB', timeZone: 'UTC' })).toBe('2 Nov');
    expect(
      formatListDate(Date.UTC(2025, 10, 2, 12, 0), newYear, { locale: 'en-GB', timeZone: 'Pacific/Auckland' }),
    ).toBe('3 Nov 2025');
  });

  it('follows the locale', () => {
    expect(formatListDate(Date.UTC(2026, 4, 20, 13, 5), now, { locale: 'en-US', timeZone: 'UTC' })).toBe('1:05 PM');
    expect(formatListDate(Date.UTC(2026, 4, 18, 8, 5), now, { locale: 'de-DE', timeZone: 'UTC' })).toBe('Mo');
    expect(formatListDate(Date.UTC(2026, 2, 3, 9, 5), now, { locale: 'de-DE', timeZone: 'UTC' })).toBe('3. März');
  });

  it('gives a date from the future (a wrong clock) as day and month, not as a weekday', () => {
    expect(formatListDate(Date.UTC(2026, 4, 23, 8, 0), now, london)).toBe('23 May');
  });
});

describe('formatFullDate', () => {
  it('gives the weekday, full date and time in the reader time zone and locale', () => {
    const when = Date.UTC(2025, 0, 6, 10, 0);
    expect(formatFullDate(when, { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe(
      'Monday, 6 January 2025 at 11:00',
    );
    expect(formatFullDate(when, { locale: 'en-US', timeZone: 'America/Los_Angeles' })).toBe(
      'Monday, January 6, 2025 at 2:00 AM',
    );
  });
});
