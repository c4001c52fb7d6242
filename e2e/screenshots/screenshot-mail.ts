// Two messages delivered just before the screenshots, so the open message is the same each run:
// an HTML newsletter (shown on its light paper in dark mode too) and a plain-text reply.

export function screenshotMail(from: string, to: string): Array<{ raw: string; date: Date }> {
  const now = Date.now();
  const html = [
    `From: Harbour Rowing Club <${from}>`,
    `To: Alice Example <${to}>`,
    'Subject: Spring regatta: crews, times and the new boathouse',
    'Message-ID: <screenshots-regatta@harbor.test>',
    `Date: ${new Date(now - 20 * 60_000).toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body style="font-family: Georgia, serif; color: #23303f">',
    '<div style="max-width: 560px">',
    '<h1 style="font-size: 24px; color: #0f4c81; margin: 0 0 12px">Spring regatta</h1>',
    '<p>Dear members,</p>',
    '<p>The spring regatta is on <strong>Saturday 14 March</strong>. Crews meet at the new boathouse at 7:30;',
    'the first heat starts at 9:00 sharp.</p>',
    '<table style="border-collapse: collapse; margin: 16px 0; width: 100%">',
    '<tr style="background: #e8f0f8"><th style="text-align: left; padding: 6px 10px">Race</th>',
    '<th style="text-align: left; padding: 6px 10px">Start</th></tr>',
    '<tr><td style="padding: 6px 10px">Novice fours</td><td style="padding: 6px 10px">9:00</td></tr>',
    '<tr><td style="padding: 6px 10px">Mixed eights</td><td style="padding: 6px 10px">10:30</td></tr>',
    '<tr><td style="padding: 6px 10px">Masters sculls</td><td style="padding: 6px 10px">12:15</td></tr>',
    '</table>',
    '<p>Please bring your own water bottle; the café opens at 8:00.</p>',
    '<p style="color: #5b6b7b">See you on the water,<br>Harbour Rowing Club</p>',
    '</div></body></html>',
    '',
  ].join('\r\n');
  const plain = [
    `From: Bob Example <${from}>`,
    `To: Alice Example <${to}>`,
    'Subject: Lunch on Thursday?',
    'Message-ID: <screenshots-lunch@harbor.test>',
    `Date: ${new Date(now - 5 * 60_000).toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hi Alice,',
    '',
    'Are you free for lunch on Thursday? The new place by the harbour has a terrace.',
    '',
    'Bob',
    '',
  ].join('\r\n');
  return [
    { raw: html, date: new Date(now - 20 * 60_000) },
    { raw: plain, date: new Date(now - 5 * 60_000) },
  ];
}
