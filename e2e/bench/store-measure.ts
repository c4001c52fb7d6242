// Measures the local store on generated mail: header and body throughput of the writer, and the
// latency of the reader's list pages and searches. Run: npx tsx e2e/bench/store-measure.ts [messages]
import { performance } from 'node:perf_hooks';
import type { ListView } from '../../shared/mail-models';
import { openDatabase, writeTransaction } from '../../main/store/database';
import type { HeaderRecord } from '../../main/mail/store/mail-store-types';
import { createMailReader } from '../../main/mail/store/mail-reader';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { header, openTestStore, standardMailboxes } from '../../main/mail/store/mail-store.test-support';

const messages = Number(process.argv[2] ?? 50_000);
const batch = 500;

// A small deterministic generator (mulberry32), so runs compare.
let seed = 20250101;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
// Word frequencies in mail follow Zipf's law: a few words are everywhere, most are rare.
const zipf = <T>(items: readonly T[]): T => items[Math.floor(items.length ** random()) - 1]!;

const syllables = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ra',
  'su',
  'ti',
  'vo',
  'ber',
  'dan',
  'gor',
  'hel',
  'mar',
  'pol',
  'sten',
  'wil',
];
const words = Array.from({ length: 5000 }, (_, index) => {
  let word = '';
  for (let n = index + 1; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
  return word;
});
const people = Array.from({ length: 300 }, (_, index) => ({
  name: `${pick(words)} ${pick(words)}`.replace(/\b\w/gu, (c) => c.toUpperCase()),
  address: `person${index}@${pick(['harbor.test', 'example.test', 'mail.test'])}`,
}));
const sentence = (length: number): string => Array.from({ length }, () => zipf(words)).join(' ');
// One message in five is Chinese or Japanese: words of two or three characters, written without spaces.
const hanzi = Array.from(
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现',
);
const cjkWords = Array.from({ length: 3000 }, () =>
  Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(hanzi)).join(''),
);
const cjkSentence = (length: number): string => Array.from({ length }, () => zipf(cjkWords)).join('');
const bodyText = (): string => {
  const cjk = random() < 0.2;
  let text = '';
  while (text.length < (cjk ? 700 : 2000)) {
    text += cjk ? `${cjkSentence(8 + Math.floor(random() * 10))}。` : `${sentence(8 + Math.floor(random() * 10))}. `;
  }
  return text;
};

const generatedHeader = (uid: number): HeaderRecord =>
  header(uid, {
    messageId: `g${uid}@harbor.test`,
    subject: sentence(3 + Math.floor(random() * 5)),
    from: zipf(people),
    to: [pick(people)],
    date: Date.UTC(2020, 0, 1) + uid * 120_000,
    flags: random() < 0.8 ? ['\\Seen'] : [],
    references: random() < 0.3 && uid > 10 ? [`g${uid - 1 - Math.floor(random() * 10)}@harbor.test`] : [],
  });

function timings(label: string, runs: number, run: (index: number) => unknown): void {
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    run(index);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  console.log(`${label.padEnd(40)} median ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms`);
}

const store = openTestStore();
const writer = createMailWriter(store.db);
const inbox = writer.syncMailboxes(store.accountId, standardMailboxes).find((mailbox) => mailbox.role === 'inbox')!;

let start = performance.now();
for (let first = 1; first <= messages; first += batch) {
  const headers = Array.from({ length: Math.min(batch, messages - first + 1) }, (_, i) => generatedHeader(first + i));
  writer.saveHeaders(inbox.id, headers);
}
let seconds = (performance.now() - start) / 1000;
console.log(`saveHeaders: ${messages} in ${seconds.toFixed(1)} s = ${Math.round(messages / seconds)} messages/s`);

start = performance.now();
writeTransaction(store.db, () => {
  for (let uid = 1; uid <= messages; uid++) {
    const text = bodyText();
    writer.saveBody(inbox.id, uid, { text, html: null, snippet: text.slice(0, 140), references: [], attachments: [] });
  }
})();
seconds = (performance.now() - start) / 1000;
console.log(
  `saveBody (~2 KB text, 1 in 5 CJK): ${messages} in ${seconds.toFixed(1)} s = ${Math.round(messages / seconds)} bodies/s`,
);

const readerDb = openDatabase(store.file);
const reader = createMailReader(readerDb);
const searched = (query: string): ListView => ({ kind: 'search', query });
const list = (view: ListView, offset = 0) => reader.list(view, offset, 50);
const common = words.slice(0, 200);
const medium = words.slice(200, 2000);

timings('search: one common word', 200, (i) => list(searched(common[i % common.length]!)));
timings('search: one common word, then a space', 200, (i) => list(searched(`${common[i % common.length]} `)));
timings('search: one rarer word', 200, (i) => list(searched(medium[i % medium.length]!)));
timings('search: two words', 200, (i) => list(searched(`${common[i % 50]} ${medium[i % medium.length]}`)));
timings('search: from:', 200, (i) => list(searched(`from:${people[i % people.length]!.address}`)));
timings('search: 2-letter prefix', 200, (i) => list(searched(syllables[i % syllables.length]!.slice(0, 2))));
timings('search: 3-letter prefix', 200, (i) => list(searched(words[(i * 7) % 500]!.slice(0, 3))));
timings('search: CJK word inside a run', 200, (i) => list(searched(`${cjkWords[i % 500]} `)));
timings('search: CJK one character', 200, (i) => list(searched(`${hanzi[i % hanzi.length]} `)));
timings('search: word + is:unread', 200, (i) => list(searched(`${common[i % common.length]} is:unread`)));
const everywhere = readerDb
  .prepare('SELECT count(*) FROM message_search WHERE message_search MATCH ?')
  .pluck()
  .get(`"${common[0]}"`);
console.log(`(the most common word is in ${everywhere} of ${messages} messages)`);

// The list at 100,000 messages in one folder: the bodies do not matter for it.
writer.saveHeaders(
  inbox.id,
  Array.from({ length: 100_000 - messages }, (_, i) => generatedHeader(messages + 1 + i)),
);
const folder: ListView = { kind: 'folder', folderId: inbox.id };
console.log(`folder holds ${list(folder).total}`);
timings('list: newest 50', 200, () => list(folder));
timings('list: 50 at offset 90,000', 200, () => list(folder, 90_000));
timings('unified inbox: newest 50', 200, () => list({ kind: 'unified-inbox' }));
timings('folders()', 200, () => reader.folders());

readerDb.close();
store.close();
