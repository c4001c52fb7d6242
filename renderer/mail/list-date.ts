/** A message date as a list shows it: the time today, day and month this year, else the year. */
export function formatListDate(date: number | null, now: Date = new Date(), locale?: string): string {
  if (date === null) return '';
  const when = new Date(date);
  const sameYear = when.getFullYear() === now.getFullYear();
  if (sameYear && when.getMonth() === now.getMonth() && when.getDate() === now.getDate()) {
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(when);
  }
  if (sameYear) return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(when);
  return String(when.getFullYear());
}

/** The full date for a tooltip or the reading pane. */
export function formatFullDate(date: number | null, locale?: string): string {
  return date === null ? '' : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
