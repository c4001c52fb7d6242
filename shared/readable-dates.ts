/**
 * Where and how a person reads dates: a BCP 47 locale and an IANA time zone. Undefined fields
 * mean the runtime's own (the person's, in the renderer).
 */
export interface DateSetting {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** The full date and time, for a tooltip, the reading pane and reply attributions. */
export function formatFullDate(date: number, setting: DateSetting = {}): string {
  return new Intl.DateTimeFormat(setting.locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: setting.timeZone,
  }).format(date);
}

/** Whether the runtime knows this IANA time zone (a bad one makes Intl throw). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Whether the runtime takes this locale tag (a malformed one makes Intl throw). */
export function isValidLocale(locale: string): boolean {
  try {
    new Intl.DateTimeFormat(locale);
    return true;
  } catch {
    return false;
  }
}
