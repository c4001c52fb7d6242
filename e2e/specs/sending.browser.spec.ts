import path from 'node:path';
import { createInterface } from 'node:readline';
import { simpleParser } from 'mailparser';
import { startSandbox, type Sandbox } from '../sandbox/start-sandbox';
import { startProcessGroup, type ProcessGroup } from '../stack/process-group';
import { expect, test as base } from './fixtures';
import { openSignedIn, withServer } from './support/mail-session';

// Sending as a person does it: compose to the other sandbox user with an attachment, send, the
// undo toast, and the message in bob's Inbox on the server. Then a draft typed while the app's
// process is killed with SIGKILL: after a restart it is back, missing at most its last seconds.
// The browser host runs as its own process here (the fixture's runs inside the test worker and
// can only be closed in order), so it can be killed for real.

interface HostProcess {
  appUrl: string;
  group: ProcessGroup;
}

async function startHostProcess(sandbox: Sandbox, browserCommand: string): Promise<HostProcess> {
  const group = startProcessGroup(
    path.resolve('node_modules/.bin/tsx'),
    ['e2e/browser-host/cli.ts', '--config-dir', sandbox.facts.configDir, '--renderer-dir', 'dist/renderer'],
    { env: { ...process.env, BROWSER: browserCommand }, stdout: 'pipe' },
  );
  const lines = createInterface({ input: group.child.stdout! });
  const appUrl = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const found = /is at (\S+)/.exec(line);
      if (found) resolve(found[1]!);
    });
    void group.exited.then(() => reject(new Error(`the browser host stopped: ${group.stderrTail()}`)));
  });
  sandbox.facts.appUrl = appUrl;
  return { appUrl, group };
}

async function killHost(host: HostProcess): Promise<void> {
  process.kill(-host.group.child.pid!, 'SIGKILL');
  await host.group.exited;
}

const test = base.extend<{ host: HostProcess }, { sandbox: Sandbox }>({
  sandbox: [
    async ({ hostOutput }, use) => {
      const sandbox = await startSandbox({
        rendererDir: path.resolve('dist/renderer'),
        seedPerUser: 5,
        browserHost: false,
        print: (line) => hostOutput.push(line),
      });
      await use(sandbox);
      await sandbox.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  host: async ({ sandbox, systemBrowser }, use) => {
    const host = await startHostProcess(sandbox, systemBrowser.command);
    await use(host);
    await host.group.stop();
  },
});

test.describe.configure({ mode: 'serial' });

test('a message with an attachment goes to bob, with the undo toast on the way', async ({
  sandbox,
  host,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const [alice, bob] = sandbox.facts.users as [{ email: string; password: string }, { email: string }];
  expect(host.appUrl).toBe(sandbox.facts.appUrl);
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);

  const subject = `Tide tables ${Date.now()}`;
  const bytes = Buffer.from(Array.from({ length: 30_000 }, (_, index) => (index * 13 + 5) % 256));
  await page.getByRole('button', { name: 'Compose' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await dialog.getByRole('combobox', { name: 'To' }).press('Enter');
  await expect(dialog.getByRole('list', { name: 'To recipients' })).toContainText(bob.email);
  await dialog.getByLabel('Subject').fill(subject);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('The tables for next week are attached.');
  await dialog.getByLabel('Files to attach').setInputFiles({
    name: 'tides.bin',
    mimeType: 'application/octet-stream',
    buffer: bytes,
  });
  await expect(dialog.getByRole('region', { name: 'Attachments' })).toContainText('tides.bin');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText(/Sending in \d+ s…/)).toBeVisible();

  const delivered = async () =>
    withServer(sandbox, bob.email, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const found: Buffer[] = [];
      for await (const message of client.fetch('1:*', { source: true, envelope: true })) {
        if (message.envelope?.subject === subject && message.source) found.push(message.source);
      }
      return found;
    });
  await expect.poll(async () => (await delivered()).length, { timeout: 30_000 }).toBe(1);
  const parsed = await simpleParser((await delivered())[0]!);
  expect(parsed.from?.value[0]?.address).toBe(alice.email);
  expect(parsed.text?.trim()).toBe('The tables for next week are attached.');
  expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['tides.bin']);
  expect(Buffer.from(parsed.attachments[0]!.content).equals(bytes)).toBe(true);
});

test('a draft survives SIGKILL of the app, missing at most its last few seconds', async ({
  sandbox,
  host,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const [alice, bob] = sandbox.facts.users as [{ email: string; password: string }, { email: string }];
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);

  const subject = `Unfinished ${Date.now()}`;
  await page.getByRole('button', { name: 'Compose' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await dialog.getByRole('combobox', { name: 'To' }).press('Enter');
  await dialog.getByLabel('Subject').fill(subject);
  const editor = dialog.getByRole('textbox', { name: 'Message' });
  await editor.click();
  // Typing goes on without a pause long enough for the idle save; each word is timed.
  const typed: Array<{ word: string; at: number }> = [];
  const until = Date.now() + 9_000;
  for (let index = 1; Date.now() < until; index += 1) {
    const word = `word${index} `;
    await page.keyboard.type(word, { delay: 30 });
    typed.push({ word, at: Date.now() });
    await page.waitForTimeout(500);
  }
  await killHost(host);
  const killedAt = Date.now();

  const restarted = await startHostProcess(sandbox, systemBrowser.command);
  try {
    const again = await page.context().newPage();
    await again.goto(restarted.appUrl);
    await again.getByRole('button', { name: `Resume draft: ${subject}` }).click();
    const restoredEditor = again.getByRole('dialog').getByRole('textbox', { name: 'Message' });
    await expect(restoredEditor).toContainText('word1');
    const restored = ((await restoredEditor.textContent()) ?? '').trim();
    const mustHave = typed
      .filter(({ at }) => at < killedAt - 6_000)
      .map(({ word }) => word)
      .join('')
      .trim();
    expect(mustHave.length).toBeGreaterThan(0);
    expect(restored.slice(0, mustHave.length)).toBe(mustHave);
    expect(
      typed
        .map(({ word }) => word)
        .join('')
        .startsWith(restored),
    ).toBe(true);
  } finally {
    await restarted.group.stop();
  }
});
