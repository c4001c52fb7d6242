import { expect, test } from './fixtures';
import { appendToInbox, openSignedIn, removeFromFolder, signOut } from './support/mail-session';
import { discardDraft } from './support/composer';

// Dates as a person in Tokyo with a British English browser reads them, on a clock fixed at
// Wednesday 10 March 2027, 12:00 in Tokyo: the list gives the time today, the weekday this week,
// day and month this year and the full date before; the hover text, the reading pane and a
// reply's attribution give the full date and time in Tokyo time (not GMT).

test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });

const now = new Date('2027-03-10T03:00:00Z');
const messages = [
  { id: '<dates-today@harbor.test>', subject: 'Ferry timetable today', date: new Date('2027-03-10T01:30:00Z') },
  // 23:30 UTC on 7 March is already Monday 8 March in Tokyo.
  { id: '<dates-week@harbor.test>', subject: 'Ferry timetable this week', date: new Date('2027-03-07T23:30:00Z') },
  { id: '<dates-year@harbor.test>', subject: 'Ferry timetable this year', date: new Date('2027-01-15T05:00:00Z') },
  { id: '<dates-before@harbor.test>', subject: 'Ferry timetable last year', date: new Date('2026-11-04T05:00:00Z') },
];

function rawMessage(message: (typeof messages)[number], from: string, to: string): string {
  return [
    `From: Bob Example <${from}>`,
    `To: Alice Example <${to}>`,
    `Subject: ${message.subject}`,
    `Message-ID: ${message.id}`,
    `Date: ${message.date.toUTCString().replace('GMT', '+0000')}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `About the ${message.subject.toLowerCase()}.`,
    '',
  ].join('\r\n');
}

let signedIn = false;

test.beforeAll(async ({ sandbox }) => {
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  await appendToInbox(
    sandbox,
    alice.email,
    messages.map((message) => ({ raw: rawMessage(message, bob.email, alice.email), date: message.date })),
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  await removeFromFolder(
    sandbox,
    sandbox.facts.users[0]!.email,
    'INBOX',
    messages.map((message) => message.id),
  );
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

test('the list, its hover text, the reading pane and a reply read dates in the person’s zone', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  await page.clock.setFixedTime(now);
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;
  const list = page.getByRole('listbox', { name: 'Unified Inbox' });
  const row = (subject: string) => list.getByRole('option').filter({ hasText: subject });

  const expected = [
    ['Ferry timetable today', '10:30', 'Wednesday, 10 March 2027 at 10:30'],
    ['Ferry timetable this week', 'Mon', 'Monday, 8 March 2027 at 08:30'],
    ['Ferry timetable this year', '15 Jan', 'Friday, 15 January 2027 at 14:00'],
    ['Ferry timetable last year', '4 Nov 2026', 'Wednesday, 4 November 2026 at 14:00'],
  ] as const;
  for (const [subject, shown, full] of expected) {
    await expect(row(subject)).toBeVisible({ timeout: 30_000 });
    await expect(row(subject).getByTitle(full, { exact: true })).toHaveText(shown);
  }

  await row('Ferry timetable this week').click();
  const pane = page.getByRole('region', { name: 'Reading pane' });
  // The first body may wait behind the first sync's downloads on a busy machine.
  await expect(pane.getByRole('heading', { name: 'Ferry timetable this week' })).toBeVisible({ timeout: 20_000 });
  await expect(pane.getByText('Monday, 8 March 2027 at 08:30', { exact: true })).toBeVisible();

  await pane.getByRole('button', { name: 'Reply', exact: true }).click();
  const composer = page.getByRole('dialog', { name: 'Re: Ferry timetable this week' });
  await expect(composer.getByRole('textbox', { name: 'Message' })).toContainText(
    `On Monday, 8 March 2027 at 08:30, Bob Example <${sandbox.facts.users[1]!.email}> wrote:`,
  );
  await expect(composer).not.toContainText('GMT');
  await discardDraft(composer);
  await expect(composer).toHaveCount(0);
});
