import type { ListView, MessageRow } from '../../shared/mail-models';
import { createMailReader } from '../../main/mail/store/mail-reader';
import { openDatabase } from '../../main/store/database';
import { summarizeLatency, type LatencySummary } from './sample-stats';

// Latency of what the UI asks the local store while a person searches and reads, on a store the
// engine filled: the queries use words and senders that occur in the synced mail.

export interface LocalLatency {
  oneWord: LatencySummary;
  twoWords: LatencySummary;
  senderFilter: LatencySummary;
  prefixAsTyped: LatencySummary;
  /** Two characters from inside a run of Chinese or Japanese letters, and single characters. */
  cjkInsideRun: LatencySummary;
  newest50: LatencySummary;
  openMessage: LatencySummary;
}

const WORD = /^\p{L}{4,}$/u;
const CJK_RUN = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]{3,}/gu;

/** What a person searching Japanese or Chinese mail types: a word inside a run, or one character. */
function cjkQueries(subjects: string[]): string[] {
  const runs = subjects.flatMap((subject) => subject.match(CJK_RUN) ?? []).map((run) => Array.from(run));
  // The bench's mailboxes always hold Japanese mail; a mailbox without it measures these.
  if (runs.length === 0) runs.push(Array.from('特別なご案内'));
  return runs.flatMap((characters) => {
    const middle = Math.floor(characters.length / 2);
    return [`${characters[middle - 1]}${characters[middle]} `, `${characters[middle]} `];
  });
}

function timed(samples: number, run: (index: number) => unknown): LatencySummary {
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    run(index);
    times.push(performance.now() - started);
  }
  return summarizeLatency(times);
}

/** A spread of stored rows: the words of their subjects and their senders drive the queries. */
function sampleRows(reader: ReturnType<typeof createMailReader>, view: ListView, total: number): MessageRow[] {
  const rows: MessageRow[] = [];
  for (let offset = 0; offset < total && rows.length < 400; offset += Math.max(50, Math.floor(total / 8))) {
    rows.push(...reader.list(view, offset, 50).rows);
  }
  return rows;
}

export function measureLocalLatency(databaseFile: string, samples: number): LocalLatency {
  const db = openDatabase(databaseFile);
  try {
    const reader = createMailReader(db);
    const inbox = reader.folders().find((folder) => folder.role === 'inbox');
    if (!inbox) throw new Error('the store has no Inbox');
    const folder: ListView = { kind: 'folder', folderId: inbox.id };
    const rows = sampleRows(reader, folder, inbox.total);
    const words = [...new Set(rows.flatMap((row) => row.subject.toLowerCase().split(/[^\p{L}]+/u)))].filter((word) =>
      WORD.test(word),
    );
    const senders = [...new Set(rows.map((row) => row.from.address).filter(Boolean))];
    if (words.length < 2 || senders.length === 0) throw new Error('too few stored messages to search');
    const cjk = cjkQueries(rows.map((row) => row.subject));
    const search = (query: string) => reader.list({ kind: 'search', query }, 0, 50);
    const word = (index: number) => words[index % words.length]!;
    // Every prefix a person types on the way to a word: "d", "de", "del", "deli"...
    const prefixes = words.flatMap((entry) =>
      Array.from({ length: entry.length }, (_, end) => entry.slice(0, end + 1)),
    );
    return {
      oneWord: timed(samples, (index) => search(`${word(index)} `)),
      twoWords: timed(samples, (index) => search(`${word(index)} ${word(index * 7 + 3)} `)),
      senderFilter: timed(samples, (index) => search(`from:${senders[index % senders.length]} `)),
      prefixAsTyped: timed(samples, (index) => search(prefixes[index % prefixes.length]!)),
      cjkInsideRun: timed(samples, (index) => search(cjk[index % cjk.length]!)),
      newest50: timed(samples, () => reader.list(folder, 0, 50)),
      openMessage: timed(samples, (index) => reader.message(rows[index % rows.length]!.id)),
    };
  } finally {
    db.close();
  }
}
