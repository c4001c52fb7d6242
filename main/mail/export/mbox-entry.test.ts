import { describe, expect, it } from 'vitest';
import { mboxEntry } from './mbox-entry';

const raw = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const date = new Date(Date.UTC(2025, 8, 3, 8, 5, 9));

describe('an mbox entry (mboxrd)', () => {
  it('has a From line, LF line ends, quoted From lines and a blank line after', () => {
    const entry = mboxEntry({ raw: raw('Subject: Hi\r\n\r\nFrom here\r\n>From there\r\n From not\r\nend'), date });
    expect(entry.toString('latin1')).toBe(
      'From MAILER-DAEMON Wed Sep  3 08:05:09 2025\nSubject: Hi\n\n>From here\n>>From there\n From not\nend\n\n',
    );
  });

  it('writes the flags as mbox programs read them, in place of the source’s own flag headers', () => {
    const entry = mboxEntry({
      raw: raw(
        'Subject: Hi\r\nStatus: RO\r\nX-Keywords: stale\r\n  continued\r\nTo: a@b\r\n\r\nBody\r\nStatus: body\r\n',
      ),
      date,
      flags: ['\\Seen', '\\Answered', '\\Flagged', '\\Draft', '\\Deleted', '\\Recent', '$Forwarded', 'dues'],
      imap: { uid: 7, base: { uidValidity: 42, uidNext: 9, keywords: ['$Forwarded', 'dues'] } },
    });
    expect(entry.toString('latin1')).toBe(
      [
        'From MAILER-DAEMON Wed Sep  3 08:05:09 2025',
        'Subject: Hi',
        'To: a@b',
        'X-IMAPbase: 42 9 $Forwarded dues',
        'X-UID: 7',
        'Status: RO',
        'X-Status: AFTD',
        'X-Keywords: $Forwarded dues',
        '',
        'Body',
        'Status: body',
        '',
        '',
      ].join('\n'),
    );
  });

  it('marks an unread message as old but not read, and keeps 8-bit bytes', () => {
    const entry = mboxEntry({ raw: raw('Subject: Gr\xfc\xdfe\r\n\r\n\xff\r\n'), date, flags: [] });
    expect(entry.toString('latin1')).toBe(
      'From MAILER-DAEMON Wed Sep  3 08:05:09 2025\nSubject: Gr\xfc\xdfe\nStatus: O\n\n\xff\n\n',
    );
  });
});
