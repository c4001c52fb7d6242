import { describe, expect, it } from 'vitest';
import { formatListDate } from './list-date';

describe('formatListDate', () => {
  const now = new Date(2026, 4, 20, 15, 0);

  it('shows the time for today, day and month this year, else the year', () => {
    expect(formatListDate(new Date(2026, 4, 20, 9, 5).getTime(), now, 'en-GB')).toBe('09:05');
    expect(formatListDate(new Date(2026, 2, 3, 9, 5).getTime(), now, 'en-GB')).toBe('3 Mar');
    expect(formatListDate(new Date(2025, 11, 31, 23, 0).getTime(), now, 'en-GB')).toBe('2025');
    expect(formatListDate(null, now)).toBe('');
  });
});
