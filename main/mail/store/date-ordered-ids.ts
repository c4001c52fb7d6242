import type { Db } from '../../store/database';

// A message id is (2^33 - 1 - Date in seconds) * 2^20 + a sequence number within that second:
// ascending ids run from the newest message to the oldest, the direction SQLite and FTS5 walk
// fastest. 2^33 seconds (the year 2242) * 2^20 stays a safe JavaScript integer.
const perSecond = 2 ** 20;
const lastSecond = 2 ** 33 - 1;

/** The first id of a date's second (no date, or before 1970: second 0, the largest ids). */
export function secondBase(date: number | null): number {
  const second = date === null ? 0 : Math.min(Math.max(Math.floor(date / 1000), 0), lastSecond);
  return (lastSecond - second) * perSecond;
}

/**
 * Hands out new message ids that order by date, newest first. An id still naming a content
 * (messages.content_id, whose row may be gone) is never handed out again.
 */
export function createDateOrderedIds(db: Db): (date: number | null) => number {
  const lastInSecond = db
    .prepare<[number, number, number, number], number | null>(
      `SELECT nullif(max(
        coalesce((SELECT max(id) FROM messages WHERE id >= ? AND id < ?), 0),
        coalesce((SELECT max(content_id) FROM messages WHERE content_id >= ? AND content_id < ?), 0)
      ), 0)`,
    )
    .pluck();
  const lastOverall = db
    .prepare<[], number | null>(
      'SELECT max(coalesce((SELECT max(id) FROM messages), 0), coalesce((SELECT max(content_id) FROM messages), 0))',
    )
    .pluck();
  return (date) => {
    const base = secondBase(date);
    const next = (lastInSecond.get(base, base + perSecond, base, base + perSecond) ?? base) + 1;
    // A million messages in one second: give up on the order rather than collide.
    return next < base + perSecond ? next : (lastOverall.get() ?? 0) + 1;
  };
}
