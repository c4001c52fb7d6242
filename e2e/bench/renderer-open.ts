import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { mimeOutline, type MimePart } from '../../main/mail/sync/mime-outline';
import type { BenchMailbox } from './bench-mailbox';
import { summarizeLatency, type LatencySummary } from './sample-stats';

// Opening stored messages through the UI: the public corpus (e2e/corpus: real and malformed mail
// of other mail software's tests) in a folder of its own, opened one after another with the Down
// key once every body is stored, each timed on the page's clock from the keydown to the first frame
// in which the new message's body shows its text (the sanitized HTML in its frame, or the text).

export const CORPUS_FOLDER = 'Corpus';

export interface OpenedMessage {
  ms: number;
  file: string;
  bytes: number;
  kind: string;
}

export interface OpeningFigures {
  opened: number;
  latency: LatencySummary;
  /** The slowest five, slowest first. */
  slowest: OpenedMessage[];
  /** Messages without text (the corpus expects none), opened but left out of the figures. */
  withoutText: number;
}

declare global {
  interface Window {
    keyDownAt?: number;
    openBefore?: Element | null;
  }
}

const corpusDir = fileURLToPath(new URL('../corpus', import.meta.url));
// Which messages have text (a word the pane shows), as the corpus stack test expects it.
const expected = JSON.parse(readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Record<
  string,
  { word: string | null }
>;

function corpusFiles(): string[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'licenses')
    .flatMap((entry) => readdirSync(path.join(corpusDir, entry.name)).map((file) => `${entry.name}/${file}`))
    .sort();
}

/** Appends the corpus to a folder of its own; returns which file each UID holds. */
export async function appendCorpus(mailbox: BenchMailbox): Promise<Map<number, string>> {
  const client = await mailbox.connect();
  const files = new Map<number, string>();
  try {
    await client.mailboxCreate(CORPUS_FOLDER);
    for (const file of corpusFiles()) {
      const appended = await client.append(CORPUS_FOLDER, readFileSync(path.join(corpusDir, file)));
      if (!appended || !appended.uid) throw new Error(`no UID for ${file}`);
      files.set(appended.uid, file);
    }
  } finally {
    await client.logout();
  }
  return files;
}

/** The message's kind as its MIME tree says: the root type, and what it holds besides. */
function kindOf(raw: Buffer): string {
  const root = mimeOutline(raw);
  const types = new Set<string>();
  const walk = (part: MimePart) => {
    types.add(part.type);
    part.children.forEach(walk);
  };
  walk(root);
  const extras = [
    types.has('text/html') && root.type !== 'text/html' ? 'HTML' : '',
    types.has('message/rfc822') || types.has('message/global') ? 'nested message' : '',
    [...types].some((type) => type.startsWith('image/')) ? 'images' : '',
  ].filter(Boolean);
  return extras.length ? `${root.type} (${extras.join(', ')})` : root.type;
}

/** Records, on the page's clock, when a key goes down (capturing, before the app handles it). */
export function watchKeys(): void {
  window.addEventListener('keydown', () => (window.keyDownAt = performance.now()), true);
}

/**
 * Resolves with the time from the last keydown to the first frame where a message other than the
 * one open before it (window.openBefore) is shown, with text in its body when it has text; -1 when
 * it is not within `waitMs`.
 */
function untilShown([hasText, waitMs]: [boolean, number]): Promise<number> {
  const previous = window.openBefore;
  const bodyText = (article: Element): string => {
    const frame = article.querySelector<HTMLIFrameElement>('iframe[title="Message body"]');
    if (frame) return frame.contentDocument?.body?.innerText ?? '';
    return article.querySelector('.message-text')?.textContent ?? '';
  };
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const article = document.querySelector('article[aria-label="Message"]');
      if (article && article !== previous && (!hasText || bodyText(article).trim() !== '')) {
        resolve(performance.now() - (window.keyDownAt ?? started));
      } else if (performance.now() - started > waitMs) {
        resolve(-1);
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}

/** The Corpus folder's UIDs in list order (newest first: ascending message ids). */
function listedUids(databaseFile: string): number[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db
      .prepare<[string], number>(
        `SELECT m.uid FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
         WHERE b.path = ? AND m.hidden = 0 ORDER BY m.id`,
      )
      .pluck()
      .all(CORPUS_FOLDER);
  } finally {
    db.close();
  }
}

export async function measureOpening(
  page: Page,
  options: { databaseFile: string; files: Map<number, string>; count: number },
): Promise<OpeningFigures> {
  // Every body stored first: this measures opening a stored message, not fetching one.
  await page.getByText('Up to date', { exact: true }).waitFor({ timeout: 15 * 60_000 });
  const toggle = page.getByRole('button', { name: 'Group by conversation' });
  if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: new RegExp(`^${CORPUS_FOLDER}( ?, [\\d,]+ unread)?$`, 'u') })
    .click();
  const list = page.getByRole('listbox', { name: CORPUS_FOLDER, exact: true });
  await list.getByRole('option').first().click();
  await page.locator('article[aria-label="Message"]').waitFor();

  const uids = listedUids(options.databaseFile);
  const opened: OpenedMessage[] = [];
  let withoutText = 0;
  const count = Math.min(options.count, uids.length - 1);
  for (let index = 1; index <= count; index += 1) {
    const file = options.files.get(uids[index]!) ?? '?';
    const hasText = expected[file]?.word != null;
    await page.evaluate(() => (window.openBefore = document.querySelector('article[aria-label="Message"]')));
    await page.keyboard.press('ArrowDown');
    const ms = await page.evaluate(untilShown, [hasText, 20_000] as [boolean, number]);
    if (ms < 0) throw new Error(`${file} did not show within 20 s`);
    if (!hasText) {
      withoutText += 1;
      continue;
    }
    const raw = readFileSync(path.join(corpusDir, file));
    opened.push({ ms, file, bytes: raw.length, kind: kindOf(raw) });
  }
  if (opened.length === 0) throw new Error('no message of the corpus showed its text');
  return {
    opened: opened.length,
    latency: summarizeLatency(opened.map((each) => each.ms)),
    slowest: [...opened].sort((a, b) => b.ms - a.ms).slice(0, 5),
    withoutText,
  };
}
