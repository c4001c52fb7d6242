import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { expect, test } from './fixtures';
import { weeklyInvitation } from './support/invitation-fixture';
import { appendToInbox, openSignedIn, removeFromFolder, signOut, withServer } from './support/mail-session';
import { foreignRequests } from './support/page-integrity';

// An invitation as a person gets one: Bob invites Alice to a weekly meeting written in Berlin
// time; Alice reads it in New York. The reading pane shows the event as a card of the app's own
// (not inside the message's HTML); Accept sends an iTIP REPLY through the outbox, which arrives
// in Bob's Inbox, where an independent parser (ical.js) reads Alice's PARTSTAT=ACCEPTED.

test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

let signedIn = false;
const cleanup: Array<{ email: string; folder: string; messageId: string }> = [];

test.afterAll(async ({ sandbox, browser }) => {
  for (const { email, folder, messageId } of cleanup) await removeFromFolder(sandbox, email, folder, [messageId]);
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

test('an invitation shows as an event card, and Accept delivers an iTIP REPLY to the organizer', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(120_000);
  const { page, requests } = watched;
  const [alice, bob] = sandbox.facts.users as [{ email: string; password: string }, { email: string }];
  const invitation = weeklyInvitation({
    organizer: { name: 'Bob Example', email: bob.email },
    attendee: { name: 'Alice Example', email: alice.email },
    title: `Harbour planning ${Date.now()}`,
    firstMonday: '20260105',
  });
  await appendToInbox(sandbox, alice.email, [{ raw: invitation.raw, date: new Date() }]);
  cleanup.push({ email: alice.email, folder: 'INBOX', messageId: `<${invitation.messageId}>` });

  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;
  const afterSignIn = requests.length;
  await page.getByRole('searchbox', { name: 'Search' }).fill('Harbour planning ');
  await page
    .getByRole('option')
    .filter({ hasText: `Invitation: ${invitation.title}` })
    .click();

  const card = page.getByRole('region', { name: 'Invitation from Bob Example' });
  await expect(card.getByRole('heading', { name: invitation.title })).toBeVisible({ timeout: 20_000 });
  // 10:00 in Berlin in January (CET) is 4:00 in New York (EST).
  await expect(card).toContainText(/Monday, January 5, 2026, 4:00\s–\s4:30\sAM/u);
  await expect(card).toContainText(/10:00\s–\s10:30\sAM Berlin time/u);
  await expect(card).toContainText('Every week on Monday');
  await expect(card).toContainText('Harbor House, Room 4');
  const attendees = card.getByRole('list', { name: 'Attendees' });
  await expect(attendees.getByRole('listitem')).toHaveText([
    /Bob Example\s*Accepted/u,
    /Alice Example \(you\)\s*Not answered/u,
    /Dana Whitfield · optional\s*Tentative/u,
  ]);
  await expect(card.getByRole('status')).toHaveText('You have not answered yet.');
  // The card is the app's own UI: the message's HTML stays in the sandboxed frame.
  await expect(page.frameLocator('iframe[title="Message body"]').locator('body')).toContainText('invites you to');
  await expect(page.frameLocator('iframe[title="Message body"]').getByRole('button')).toHaveCount(0);

  const answers = card.getByRole('group', { name: 'Answer the invitation' });
  await answers.getByRole('button', { name: 'Accept' }).click();
  await expect(answers.getByRole('button', { name: 'Accept' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByRole('status')).toContainText('Your answer: Accepted.');

  const replies = async () =>
    withServer(sandbox, bob.email, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const found: Buffer[] = [];
      for await (const message of client.fetch('1:*', { source: true, envelope: true })) {
        if (message.envelope?.subject === `Accepted: ${invitation.title}` && message.source) found.push(message.source);
      }
      return found;
    });
  await expect.poll(async () => (await replies()).length, { timeout: 30_000 }).toBe(1);
  const raw = (await replies())[0]!;
  const reply = await simpleParser(raw);
  cleanup.push({ email: bob.email, folder: 'INBOX', messageId: reply.messageId! });
  cleanup.push({ email: alice.email, folder: 'Sent', messageId: reply.messageId! });

  expect(reply.from?.value[0]?.address).toBe(alice.email);
  expect(reply.inReplyTo).toBe(`<${invitation.messageId}>`);
  expect(reply.references).toContain(`<${invitation.messageId}>`);
  expect(raw.toString('utf8')).toMatch(/^Content-Type: multipart\/alternative;/mu);
  expect(raw.toString('utf8')).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REPLY/mu);
  const part = reply.attachments.find((attachment) => attachment.contentType === 'text/calendar')!;
  const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')) as unknown[]);
  expect(calendar.getFirstPropertyValue('method')).toBe('REPLY');
  const event = calendar.getFirstSubcomponent('vevent')!;
  expect(event.getFirstPropertyValue('uid')).toBe(invitation.uid);
  expect(event.getFirstPropertyValue('sequence')).toBe(1);
  expect(event.getFirstPropertyValue('organizer')).toBe(`mailto:${bob.email}`);
  const attendeesInReply = event.getAllProperties('attendee');
  expect(attendeesInReply).toHaveLength(1);
  expect(attendeesInReply[0]!.getFirstValue()).toBe(`mailto:${alice.email}`);
  expect(attendeesInReply[0]!.getParameter('partstat')).toBe('ACCEPTED');

  // Opened again, the card remembers the answer sent from here.
  await page.reload();
  await page.getByRole('searchbox', { name: 'Search' }).fill('Harbour planning ');
  await page
    .getByRole('option')
    .filter({ hasText: `Invitation: ${invitation.title}` })
    .click();
  await expect(
    page.getByRole('region', { name: 'Invitation from Bob Example' }).getByRole('button', { name: 'Accept' }),
  ).toHaveAttribute('aria-pressed', 'true');
  expect(foreignRequests(requests.slice(afterSignIn), sandbox.facts.appUrl)).toEqual([]);
});
