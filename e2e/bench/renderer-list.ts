import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import type { BenchMailbox } from './bench-mailbox';
import { startBrowserHostProcess } from './browser-host-process';
import { appendCorpus, measureOpening, watchKeys, type OpeningFigures } from './renderer-open';
import { addSyntheticInbox } from './synthetic-inbox';
import { summarizeLatency, type LatencySummary } from './sample-stats';

// The renderer in Chromium, served by the bundled browser host in its own process: the time from
// "Sign in with app password" to the first rows of the Inbox on screen, then the list with
// `listMessages` rows (the synced Inbox plus a second, signed-out account's synthetic Inbox in the
// Unified Inbox): first paint after a reload and frame times while scrolling, from the page's own
// clock.

export interface RendererFigures {
  onScreenMessages: number;
  newestOnScreenSeconds: number;
  listMessages: number;
  firstListPaintMs: number;
  frameMs: LatencySummary;
  jsHeapUsedMb: number;
  opening: OpeningFigures;
}

declare global {
  interface Window {
    firstRowsAt?: number;
  }
}

const LIST = 'role=listbox[name="Unified Inbox"] >> role=option';

/** Records (on the page's clock) when the first list row is painted. */
function watchFirstRows(): void {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[role="listbox"] [role="option"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => (window.firstRowsAt = performance.timeOrigin + performance.now()));
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true }),
  );
}

async function signInWithAppPassword(page: Page, mailbox: BenchMailbox): Promise<number> {
  const other = page.getByRole('region', { name: 'Other mail server' });
  await other.getByLabel('Email address').fill(mailbox.email);
  await other.getByLabel('IMAP server').fill(mailbox.imap.host);
  await other.getByLabel('Port').fill(String(mailbox.imap.port));
  await other.getByRole('button', { name: 'Check server' }).click();
  await other.getByRole('button', { name: 'Use an app password instead' }).click();
  const form = other.getByRole('form', { name: 'Sign in with an app password' });
  await form.getByLabel('App password').fill(mailbox.password);
  const clicked = Date.now();
  await form.getByRole('button', { name: 'Sign in with app password' }).click();
  await page.locator(LIST).first().waitFor({ timeout: 120_000 });
  const shown = await page.waitForFunction(() => window.firstRowsAt).then((handle) => handle.jsonValue());
  return ((shown as number) - clicked) / 1000;
}

/** Scrolls the list's scroller a screen every frame and returns the frame-to-frame times. */
function scrollFrames(frames: number): Promise<number[]> {
  const list = document.querySelector('[role="listbox"]')!;
  let scroller: Element | null = list;
  while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
  const target = scroller ?? list;
  return new Promise((resolve) => {
    const deltas: number[] = [];
    let last = performance.now();
    const step = (now: number) => {
      deltas.push(now - last);
      last = now;
      target.scrollTop += target.clientHeight;
      if (deltas.length < frames) requestAnimationFrame(step);
      else resolve(deltas.slice(1));
    };
    requestAnimationFrame(step);
  });
}

async function measureInChromium(
  appUrl: string,
  mailbox: BenchMailbox,
  configDir: string,
  options: { listMessages: number; scrollFrames: number; openMessages: number; corpus: Map<number, string> },
): Promise<RendererFigures> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // tsx (esbuild keepNames) wraps named functions in __name(); functions sent to the page need it.
    await page.addInitScript('window.__name = (target) => target;');
    await page.addInitScript(watchFirstRows);
    await page.addInitScript(watchKeys);
    await page.goto(appUrl);
    const newestOnScreenSeconds = await signInWithAppPassword(page, mailbox);

    addSyntheticInbox(path.join(configDir, 'harbor.db'), Math.max(0, options.listMessages - mailbox.messages));
    const reloaded = Date.now();
    await page.reload();
    await page.locator(LIST).first().waitFor({ timeout: 60_000 });
    const painted = (await page
      .waitForFunction(() => window.firstRowsAt)
      .then((handle) => handle.jsonValue())) as number;
    const frames = await page.evaluate(scrollFrames, options.scrollFrames);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
    const opening = await measureOpening(page, {
      databaseFile: path.join(configDir, 'harbor.db'),
      files: options.corpus,
      count: options.openMessages,
    });
    return {
      onScreenMessages: mailbox.messages,
      newestOnScreenSeconds,
      listMessages: Math.max(options.listMessages, mailbox.messages),
      firstListPaintMs: painted - reloaded,
      frameMs: summarizeLatency(frames),
      jsHeapUsedMb: heap / 2 ** 20,
      opening,
    };
  } finally {
    await browser.close();
  }
}

export async function measureRenderer(
  mailbox: BenchMailbox,
  options: { rendererDir: string; listMessages: number; scrollFrames: number; openMessages: number },
): Promise<RendererFigures> {
  const corpus = await appendCorpus(mailbox);
  const configDir = path.join(mailbox.stack.dir, 'bench-app-config');
  await writeSandboxConfig(mailbox.stack, configDir);
  const env = { ...process.env };
  if (mailbox.stack.keyring) env.DBUS_SESSION_BUS_ADDRESS = mailbox.stack.keyring.env.DBUS_SESSION_BUS_ADDRESS;
  const host = await startBrowserHostProcess({ rendererDir: options.rendererDir, configDir, env });
  try {
    return await measureInChromium(host.appUrl, mailbox, configDir, { ...options, corpus });
  } finally {
    await host.stop();
  }
}
