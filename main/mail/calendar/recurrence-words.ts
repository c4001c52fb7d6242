import type ICAL from 'ical.js';

// A recurrence rule (RFC 5545 3.3.10) as ical.js reads it, said in words the way calendar apps
// say it: "Every week on Monday and Wednesday", "Every month on the last Friday, 10 times".
// Rules beyond these words (BYSETPOS, BYWEEKNO, BYYEARDAY, sub-daily) are called "Repeats".

type Recur = InstanceType<typeof ICAL.Recur>;
type Time = InstanceType<typeof ICAL.Time>;

const DAY_NAMES: Record<string, string> = {
  SU: 'Sunday',
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ORDINALS: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '5': 'fifth' };
const UNITS: Record<string, [string, string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};

const joined = (words: string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

/** "MO" → "Monday", "2TU" → "the second Tuesday", "-1FR" → "the last Friday". */
function dayWords(byDay: string): string | null {
  const match = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/u.exec(byDay);
  if (!match) return null;
  const [, position, day] = match;
  const name = DAY_NAMES[day!]!;
  if (position === undefined) return name;
  const place = position === '-1' ? 'last' : ORDINALS[position.replace('+', '')];
  return place ? `the ${place} ${name}` : null;
}

const ordinalDay = (day: number): string => (day === -1 ? 'the last day' : day > 0 ? `day ${day}` : '');

function suffix(recur: Recur): string {
  if (recur.count) return recur.count === 1 ? ', once' : `, ${recur.count} times`;
  const until = recur.until;
  if (until) return `, until ${MONTH_NAMES[until.month - 1]} ${until.day}, ${until.year}`;
  return '';
}

/** The rule in words; `start` is the first occurrence in the organizer's zone, for what the rule leaves implied. */
export function recurrenceWords(recur: Recur, start: Time): string {
  const units = UNITS[recur.freq];
  const { BYDAY, BYMONTHDAY, BYMONTH, ...others } = recur.parts;
  const unexplained = Object.values(others).some((values) => values && values.length > 0);
  if (!units || unexplained) return 'Repeats';
  const every = recur.interval > 1 ? `Every ${recur.interval} ${units[1]}` : `Every ${units[0]}`;
  const days = (BYDAY ?? []).map(dayWords);
  if (days.includes(null)) return 'Repeats';
  const dayList = joined(days as string[]);
  const monthDays = (BYMONTHDAY ?? []).map(ordinalDay);
  if (monthDays.includes('')) return 'Repeats';
  const startDay = DAY_NAMES[Object.keys(DAY_NAMES)[start.dayOfWeek() - 1]!]!;

  let on: string;
  switch (recur.freq) {
    case 'DAILY':
      on = dayList && !BYMONTH ? ` on ${dayList}` : '';
      if (BYMONTH || BYMONTHDAY) return 'Repeats';
      break;
    case 'WEEKLY':
      if (BYMONTH || BYMONTHDAY) return 'Repeats';
      on = ` on ${dayList || startDay}`;
      break;
    case 'MONTHLY':
      if (BYMONTH) return 'Repeats';
      on = dayList ? ` on ${dayList}` : ` on ${monthDays.length ? joined(monthDays) : `day ${start.day}`}`;
      if (dayList && monthDays.length) return 'Repeats';
      break;
    default: {
      const months = BYMONTH ?? [start.month];
      if (months.length !== 1 || monthDays.length > 1 || (dayList && monthDays.length)) return 'Repeats';
      const month = MONTH_NAMES[months[0]! - 1];
      on = dayList ? ` on ${dayList} of ${month}` : ` on ${month} ${BYMONTHDAY?.[0] ?? start.day}`;
      if (BYMONTHDAY?.[0] === -1) on = ` on the last day of ${month}`;
    }
  }
  return `${every}${on}${suffix(recur)}`;
}
