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
  newest50: LatencySummary;
  openMessage: LatencySummary;
}

const WORD = /^\p{L}{4,}$/u;

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
      newest50: timed(samples, () => reader.list(folder, 0, 50)),
      openMessage: timed(samples, (index) => reader.message(rows[index % rows.length]!.id)),
    };
  } finally {
    db.close();
  }
}
