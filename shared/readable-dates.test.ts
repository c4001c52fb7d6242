import { describe, expect, it } from 'vitest';
import { composeStartInput } from './compose-models';

describe('the reader dates a reply carries', () => {
  it('takes a real locale and time zone and refuses made-up ones with a clear reason', () => {
    const reply = { mode: 'reply', messageId: 3 } as const;
    expect(composeStartInput.safeParse({ ...reply, dates: { locale: 'en-GB', timeZone: 'Asia/Tokyo' } }).success).toBe(
      true,
    );
    expect(composeStartInput.safeParse(reply).success).toBe(true);
    const badZone = composeStartInput.safeParse({ ...reply, dates: { locale: 'en-GB', timeZone: 'Mars/Olympus' } });
    expect(badZone.error?.issues[0]?.message).toBe('Not a known time zone.');
    const badLocale = composeStartInput.safeParse({ ...reply, dates: { locale: 'not a locale!', timeZone: 'UTC' } });
    expect(badLocale.error?.issues[0]?.message).toBe('Not a locale.');
  });
});
