// An mbox file (the mboxrd variant: every line that starts with ">*From " gets one more ">"), the
// format other mail programs import: Thunderbird, Apple Mail, mutt.

const asctime = (date: Date) => {
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
};

export function toMbox(messages: { raw: Uint8Array; date: Date }[]): Uint8Array {
  const parts: string[] = [];
  for (const { raw, date } of messages) {
    const lines = Buffer.from(raw)
      .toString('latin1')
      .replace(/\r\n/g, '\n')
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (/^>*From /.test(line) ? `>${line}` : line));
    parts.push(`From MAILER-DAEMON ${asctime(date)}\n${lines.join('\n')}\n\n`);
  }
  return new Uint8Array(Buffer.from(parts.join(''), 'latin1'));
}
