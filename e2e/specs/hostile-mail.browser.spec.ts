import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startCanaryServer, type CanaryServer } from './support/canary-server';
import { hostileMessages, type HostileMessage } from './support/hostile-messages';
import { appendToInbox, openSignedIn, signOut } from './support/mail-session';
import { baselineOf, expectUntouched, foreignRequests } from './support/page-integrity';
import { discardDraft } from './support/composer';

// The hostile corpus (security checklist C) delivered to a real Dovecot Inbox and opened in the
// browser host: for every message, nothing runs, nothing is fetched, nothing navigates, and the
// harmless text still shows; markup in subjects and names stays text. Every remote address is a
// canary server on loopback that must hear nothing, except once from the main side after
// "Load once".

let canary: CanaryServer;
let corpus: HostileMessage[];
let signedIn = false;

const byName = (name: string): HostileMessage => {
  const message = corpus.find((each) => each.name === name);
  if (!message) throw new Error(`No hostile message named "${name}"`);
  return message;
};

test.beforeAll(async ({ sandbox }) => {
  canary = await startCanaryServer();
  const bob = sandbox.facts.users[1]!;
  corpus = hostileMessages({ canaryOrigin: canary.origin, to: bob.email, firstDate: new Date('2025-08-01T09:00:00Z') });
  await appendToInbox(
    sandbox,
    bob.email,
    corpus.map((message, index) => ({ raw: message.raw, date: new Date(Date.UTC(2025, 7, 1, 9, index)) })),
  );
});

test.afterAll(async ({ sandbox, browser }) => {
  await canary?.close();
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

/** Finds the message by its marker with the search box, checks its row, and opens it. */
async function openMessage(page: Page, message: HostileMessage): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search' }).fill(message.marker);
  const row = page.getByRole('listbox', { name: `Search results for ${message.marker}` }).getByRole('option');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(message.subject);
  await expect(row).toContainText(message.fromName);
  await expect(row.locator('img, script, iframe, b, i, svg:not(.row-attachment)')).toHaveCount(0);
  await row.click();

  const view = page.getByRole('article', { name: 'Message' });
  await expect(view.getByRole('heading', { level: 2 })).toHaveText(message.subject);
  await expect(view.locator('header')).toContainText(`${message.fromName} <`);
  await expect(view.locator('header').locator('img, script, iframe, b, i, svg')).toHaveCount(0);
  if (message.body === 'frame') {
    const frame = page.frameLocator('iframe[title="Message body"]');
    await expect(frame.getByText(message.harmlessText).first()).toBeVisible();
  } else {
    await expect(page.locator('iframe[title="Message body"]')).toHaveCount(0);
    await expect(view.getByText(message.harmlessText).first()).toBeVisible();
  }
}

test('every hostile message opens with no script, no request and no navigation, and shows its text', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(240_000);
  const { page, requests } = watched;
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[1]!);
  signedIn = true;
  const baseline = await baselineOf(page);
  const openedBefore = await systemBrowser.opened();
  expect(corpus.length).toBeGreaterThanOrEqual(30);

  for (const message of corpus) {
    await test.step(`${message.marker}: ${message.name}`, async () => {
      await openMessage(page, message);
      await expectUntouched(page, baseline);
      expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
      expect(canary.requests()).toEqual([]);
    });
  }

  // Late loads (a refresh after a second, a lazy image) would show up by now.
  await page.waitForTimeout(1500);
  await expectUntouched(page, baseline);
  expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
  expect(canary.requests()).toEqual([]);
  expect(await systemBrowser.opened()).toBe(openedBefore);
});

test('clicking javascript:, smb:, ftp:, file:, relative, form and window.open links does nothing', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page, requests } = watched;
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[1]!);
  signedIn = true;
  const baseline = await baselineOf(page);
  const openedBefore = await systemBrowser.opened();
  const frame = page.frameLocator('iframe[title="Message body"]');

  const clicks: Array<[name: string, text: string]> = [
    ['a href=javascript:', 'Click javascript'],
    ['a href=javascript: hidden by a tab entity', 'Click tabbed'],
    ['smb: link', 'Open share'],
    ['ftp: link', 'Open ftp'],
    ['file: link', 'Open file'],
    ['file: link', 'Open remote file'],
    ['base href', 'Relative link'],
    ['form action', 'Send form'],
    ['formaction', 'Press formaction'],
    ['window.open', 'Open window'],
  ];
  for (const [name, text] of clicks) {
    await test.step(`${name}: ${text}`, async () => {
      await openMessage(page, byName(name));
      await frame.getByText(text, { exact: true }).click();
      await page.waitForTimeout(300);
      await expectUntouched(page, baseline);
      expect(await systemBrowser.opened()).toBe(openedBefore);
    });
  }
  expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
  expect(canary.requests()).toEqual([]);

  // The same relay does see the links that may go out: an https link, and mailto without its attach fields.
  await openMessage(page, byName('target=_blank'));
  await frame.getByText('Open blank', { exact: true }).click();
  await expect.poll(() => systemBrowser.urls()).toContain('https://example.com/');

  await openMessage(page, byName('plain text with mailto attach and dangerous schemes'));
  const view = page.getByRole('article', { name: 'Message' });
  await expect(view.getByRole('link', { name: /^javascript:|^smb:|^file:/ })).toHaveCount(0);
  await view.getByRole('link', { name: /^mailto:/ }).click();
  await expect.poll(() => systemBrowser.opened()).toBe(openedBefore + 2);
  const mailto = (await systemBrowser.urls()).at(-1)!;
  expect(mailto).toMatch(/^mailto:bob@example\.com/);
  expect(mailto).not.toMatch(/attach/i);
  await expectUntouched(page, baseline);
  expect(canary.requests()).toEqual([]);

  // The relay hands URLs out in order: these two are handled, so the next sign-in gets its own.
  await systemBrowser.skipOpened();
});

test('"Load once" fetches a tracking image once, from the main side, never from the page', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page, requests } = watched;
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[1]!);
  signedIn = true;
  const baseline = await baselineOf(page);
  await openMessage(page, byName('1x1 tracking pixel'));
  expect(canary.requests()).toEqual([]);

  await page.getByRole('region', { name: 'Remote content' }).getByRole('button', { name: 'Load once' }).click();
  await expect.poll(() => canary.requests().length).toBe(1);
  const [request] = canary.requests();
  expect(request?.path).toBe('/pixel.gif?id=42');
  // Chromium names itself in its User-Agent; the main side's fetch does not.
  expect(request?.userAgent).not.toMatch(/Chrome|Mozilla/);
  const image = page.frameLocator('iframe[title="Message body"]').locator('img');
  await expect(image).toHaveAttribute('src', /^data:image\/png;base64,/);

  await page.waitForTimeout(500);
  expect(canary.requests()).toHaveLength(1);
  expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
  await expectUntouched(page, baseline);
});

test('a reply quotes hostile messages as harmless text: nothing runs, loads or navigates in the composer', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(120_000);
  const { page, requests } = watched;
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[1]!);
  signedIn = true;
  const baseline = await baselineOf(page);
  // The canary may have heard the main side's one "Load once" fetch of an earlier test.
  const canaryHeard = canary.requests().length;

  for (const name of [
    'script setting the canaries',
    'event handlers setting the canaries',
    'meta refresh to javascript: and to the canary',
    'HTML in the sender name and the subject',
    '1x1 tracking pixel',
  ]) {
    await test.step(name, async () => {
      const message = byName(name);
      await openMessage(page, message);
      await page.getByRole('button', { name: 'Reply', exact: true }).click();
      const composer = page.getByRole('dialog');
      await expect(composer.getByRole('textbox', { name: 'Subject' })).toHaveValue(/^Re: /);
      const editor = composer.getByRole('textbox', { name: 'Message' });
      await expect(editor).toContainText('wrote:');
      // The composer's own icons are SVG; the quoted message brings none, and nothing else.
      await expect(composer.locator('script, img, iframe, object, embed, meta, link, style, form')).toHaveCount(0);
      await expect(editor.locator('svg')).toHaveCount(0);
      await page.waitForTimeout(500);
      await expectUntouched(page, baseline);
      expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
      expect(canary.requests()).toHaveLength(canaryHeard);
      await discardDraft(composer);
      await expect(composer).toBeHidden();
    });
  }
});

test('a new-mail notification carries markup in the sender and subject as plain text, and nothing to fetch', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page, requests } = watched;
  await page.context().grantPermissions(['notifications'], { origin: new URL(sandbox.facts.appUrl).origin });
  // What the app hands the Notification API is what the system shows: record it.
  await page.addInitScript(() => {
    const shown: { title: string; options: NotificationOptions | undefined }[] = [];
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, options });
      }
    }
    Object.assign(window, { __notifications: shown, Notification: RecordingNotification });
  });
  await openSignedIn(page, sandbox, systemBrowser, browser, sandbox.facts.users[1]!);
  signedIn = true;
  await expect(page.getByText('Up to date')).toBeVisible({ timeout: 60_000 });
  const baseline = await baselineOf(page);
  const canaryHeard = canary.requests().length;

  const message = byName('HTML in the sender name and the subject');
  await appendToInbox(sandbox, sandbox.facts.users[1]!.email, [{ raw: message.raw, date: new Date() }]);

  const shown = () =>
    page.evaluate(
      () => (window as unknown as { __notifications: { title: string; options?: object }[] }).__notifications,
    );
  await expect.poll(async () => (await shown()).length, { timeout: 10_000 }).toBe(1);
  const [notification] = await shown();
  expect(notification?.title).toBe('New mail');
  expect(notification?.options).toEqual({ body: `${message.fromName}: ${message.subject}` });
  await expectUntouched(page, baseline);
  expect(foreignRequests(requests, sandbox.facts.appUrl)).toEqual([]);
  expect(canary.requests()).toHaveLength(canaryHeard);
});
