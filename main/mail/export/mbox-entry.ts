// One message of an mbox file in the mboxrd variant, the format other mail programs import
// (Thunderbird, Apple Mail, mutt, Dovecot): a "From " line, the message with LF line ends, every
// line that starts with ">*From " given one more ">", and a blank line. Flags go in the headers mbox
// programs read: Status (R: seen, O: not new), X-Status (A: answered, F: flagged, T: draft,
// D: deleted) and X-Keywords (the other keywords, space-separated). A folder's export also writes
// the UW-IMAP headers Dovecot's mbox reader needs to take keywords: X-IMAPbase in the first
// message (UIDVALIDITY, UIDNEXT, every keyword of the file) and X-UID in each.

export interface MboxMessage {
  raw: Uint8Array;
  /** When the message arrived (IMAP INTERNALDATE), for the "From " line. */
  date: Date;
  /** IMAP flags and keywords; none for mail that never had any (an unsent message). */
  flags?: readonly string[];
  /** Where the message comes from, in a folder's export. */
  imap?: { uid: number; base?: { uidValidity: number; uidNext: number; keywords: readonly string[] } };
}

const xStatusLetters: Record<string, string> = {
  '\\Answered': 'A',
  '\\Flagged': 'F',
  '\\Draft': 'T',
  '\\Deleted': 'D',
};
/** Headers that carry mbox flags and UIDs: the source's own would contradict the ones written here. */
const flagHeader = /^(status|x-status|x-keywords|x-imapbase|x-imap|x-uid):/i;

const asctime = (date: Date) => {
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
};

/** IMAP flags that are keywords: the system flags (\\Seen...) go in Status and X-Status; \\Recent is per session. */
export function keywordsOf(flags: readonly string[]): string[] {
  return flags.filter((flag) => !flag.startsWith('\\'));
}

function flagHeaders(flags: readonly string[], imap: MboxMessage['imap']): string[] {
  const headers: string[] = [];
  if (imap?.base) {
    const { uidValidity, uidNext, keywords } = imap.base;
    headers.push(`X-IMAPbase: ${[uidValidity, uidNext, ...keywords].join(' ')}`);
  }
  if (imap) headers.push(`X-UID: ${imap.uid}`);
  headers.push(`Status: ${flags.includes('\\Seen') ? 'RO' : 'O'}`);
  const letters = flags.map((flag) => xStatusLetters[flag] ?? '').join('');
  if (letters) headers.push(`X-Status: ${letters}`);
  // A keyword is an IMAP atom: no spaces, so a space separates them.
  const keywords = keywordsOf(flags);
  if (keywords.length) headers.push(`X-Keywords: ${keywords.join(' ')}`);
  return headers;
}

/** Header lines without the flag headers (with their continuation lines). */
function withoutFlagHeaders(lines: string[]): string[] {
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (!/^[ \t]/.test(line)) dropping = flagHeader.test(line);
    if (!dropping) kept.push(line);
  }
  return kept;
}

export function mboxEntry({ raw, date, flags, imap }: MboxMessage): Buffer {
  // latin1 maps every byte to one character and back: 8-bit and broken sources stay byte for byte.
  const lines = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
    .toString('latin1')
    .replace(/\r\n/g, '\n')
    .replace(/\n$/, '')
    .split('\n');
  let headerEnd = lines.indexOf('');
  if (headerEnd === -1) headerEnd = lines.length;
  const header = flags
    ? [...withoutFlagHeaders(lines.slice(0, headerEnd)), ...flagHeaders(flags, imap)]
    : lines.slice(0, headerEnd);
  const message = [...header, ...lines.slice(headerEnd)].map((line) => (/^>*From /.test(line) ? `>${line}` : line));
  return Buffer.from(`From MAILER-DAEMON ${asctime(date)}\n${message.join('\n')}\n\n`, 'latin1');
}
