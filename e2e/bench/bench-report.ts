import os from 'node:os';
import type { MailboxFigures } from './measure-mailbox';
import type { RendererFigures } from './renderer-list';
import type { RunSummary } from './sample-stats';

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string };
  mbsyncVersion: string;
  mailboxes: Array<Omit<MailboxFigures, 'databaseFile'> & { ratios: Ratios }>;
  memory100k: { description: string; peakRssMb: number };
  renderer: RendererFigures;
  targets: Target[];
  totalSeconds: number;
}

/** Our figures against the ceiling (bare imapflow) and the peer (mbsync); above 1 means faster than them. */
export interface Ratios {
  headerSyncVsBareFetch: number;
  fullCopyVsBareSourceFetch: number;
  fullCopyVsMbsyncFirstSync: number;
  resyncVsMbsyncResync: number;
  /** Bytes the server sent for our first sync over those it sent mbsync; below 1 means fewer. */
  fullCopyBytesVsMbsync: number;
}

export interface Target {
  name: string;
  figure: string;
  met: boolean;
}

export function machineFacts(): BenchResults['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

export function ratiosOf(figures: Omit<MailboxFigures, 'databaseFile'>): Ratios {
  const { ceiling, mbsync, ours } = figures;
  return {
    // Messages per second: the header sync stores every folder, the bare fetch reads the Inbox.
    headerSyncVsBareFetch:
      ours.headerSyncMessages /
      ours.headerSyncSeconds.median /
      (ceiling.headerFetchMessages / ceiling.headerFetchSeconds.median),
    fullCopyVsBareSourceFetch: ceiling.sourceFetchSeconds.median / ours.fullCopySeconds.median,
    fullCopyVsMbsyncFirstSync: mbsync.firstSyncSeconds.median / ours.fullCopySeconds.median,
    resyncVsMbsyncResync: mbsync.resyncSeconds.median / ours.resyncSeconds.median,
    fullCopyBytesVsMbsync: ours.fullCopyMegabytes.median / mbsync.firstSyncMegabytes.median,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const s = (value: number) => `${value.toFixed(2)} s`;

/** The reading issue's targets, judged on the largest mailbox measured. */
export function judgeTargets(largest: MailboxFigures, renderer: RendererFigures, memoryMb: number): Target[] {
  const ratios = ratiosOf(largest);
  const latency = largest.localLatency;
  const searches = [
    latency.oneWord,
    latency.twoWords,
    latency.senderFilter,
    latency.prefixAsTyped,
    latency.cjkInsideRun,
    latency.newest50,
  ];
  const worstMedian = Math.max(...searches.map((entry) => entry.medianMs));
  const worstP95 = Math.max(...searches.map((entry) => entry.p95Ms));
  const n = largest.messages.toLocaleString('en');
  return [
    {
      name: `${n}-message Inbox: newest 50 on screen within 1 s after sign-in`,
      figure: `${s(renderer.newestOnScreenSeconds)} on screen (once); ${s(largest.ours.newestStoredSeconds.median)} stored`,
      met: renderer.newestOnScreenSeconds <= 1,
    },
    {
      name: 'Header sync: at least 80% of the bare imapflow fetch throughput',
      figure: `${(ratios.headerSyncVsBareFetch * 100).toFixed(0)}%`,
      met: ratios.headerSyncVsBareFetch >= 0.8,
    },
    {
      name: "Full offline copy with search index: no slower than mbsync's first sync",
      figure: `${s(largest.ours.fullCopySeconds.median)} vs ${s(largest.mbsync.firstSyncSeconds.median)}`,
      met: ratios.fullCopyVsMbsyncFirstSync >= 1,
    },
    {
      name: "No-change resync: within 2x of mbsync's",
      figure: `${s(largest.ours.resyncSeconds.median)} vs ${s(largest.mbsync.resyncSeconds.median)}`,
      met: ratios.resyncVsMbsyncResync >= 0.5,
    },
    {
      name: 'Local search: median <= 15 ms, p95 <= 60 ms (worst query kind)',
      figure: `median ${ms(worstMedian)}, p95 ${ms(worstP95)}`,
      met: worstMedian <= 15 && worstP95 <= 60,
    },
    {
      name: 'Opening a stored message under 50 ms (p95)',
      figure: ms(latency.openMessage.p95Ms),
      met: latency.openMessage.p95Ms < 50,
    },
    {
      name: 'Opening is instant: a stored message on screen within 100 ms (p95, through the UI)',
      figure: `p95 ${ms(renderer.opening.latency.p95Ms)}, median ${ms(renderer.opening.latency.medianMs)}`,
      met: renderer.opening.latency.p95Ms <= 100,
    },
    {
      name: 'UI event loop p99 delay during sync <= 50 ms',
      figure: `p99 ${ms(largest.ours.eventLoopDelayP99Ms.median)}, max ${ms(largest.ours.eventLoopDelayMaxMs.max)}`,
      met: largest.ours.eventLoopDelayP99Ms.max <= 50,
    },
    {
      name: 'Main-side memory with a 100,000-message store under 300 MB',
      figure: `${memoryMb.toFixed(0)} MB`,
      met: memoryMb < 300,
    },
  ];
}

const spread = (summary: RunSummary, unit: (value: number) => string) =>
  `${unit(summary.median)} (${unit(summary.min)}–${unit(summary.max)}, n=${summary.runs})`;

/** The terminal (and docs) table, in Markdown. */
export function formatTable(results: BenchResults): string {
  const lines = ['| Measurement | ' + results.mailboxes.map((box) => `${box.messages} messages`).join(' | ') + ' |'];
  lines.push(`|---|${results.mailboxes.map(() => '---').join('|')}|`);
  const row = (label: string, cell: (box: BenchResults['mailboxes'][number]) => string) =>
    lines.push(`| ${label} | ${results.mailboxes.map(cell).join(' | ')} |`);
  row('Mailbox size', (box) => `${box.megabytes.toFixed(0)} MB`);
  row(
    'Ceiling: bare header fetch',
    (box) => `${spread(box.ceiling.headerFetchSeconds, s)}, ${box.ceiling.headerFetchMessages} msgs`,
  );
  row('Ceiling: bare full-source fetch', (box) => spread(box.ceiling.sourceFetchSeconds, s));
  row('mbsync: first sync', (box) => spread(box.mbsync.firstSyncSeconds, s));
  row('mbsync: no-change resync', (box) => spread(box.mbsync.resyncSeconds, s));
  row('Ours: newest 50 stored', (box) => spread(box.ours.newestStoredSeconds, s));
  row('Ours: header sync', (box) => `${spread(box.ours.headerSyncSeconds, s)}, ${box.ours.headerSyncMessages} msgs`);
  row('Ours: full offline copy + index', (box) => spread(box.ours.fullCopySeconds, s));
  row('Ours: no-change resync', (box) => spread(box.ours.resyncSeconds, s));
  row('Header sync / bare fetch throughput', (box) => `${(box.ratios.headerSyncVsBareFetch * 100).toFixed(0)}%`);
  row('Full copy speed vs bare source fetch', (box) => `${box.ratios.fullCopyVsBareSourceFetch.toFixed(2)}x`);
  row('Full copy speed vs mbsync', (box) => `${box.ratios.fullCopyVsMbsyncFirstSync.toFixed(2)}x`);
  row('Resync speed vs mbsync', (box) => `${box.ratios.resyncVsMbsyncResync.toFixed(2)}x`);
  row(
    'Bytes from the server, first sync: ours / mbsync',
    (box) =>
      `${box.ours.fullCopyMegabytes.median.toFixed(0)} MB / ${box.mbsync.firstSyncMegabytes.median.toFixed(0)} MB ` +
      `(${(box.ratios.fullCopyBytesVsMbsync * 100).toFixed(0)}%)`,
  );
  row(
    'UI event loop delay p99 / max',
    (box) => `${ms(box.ours.eventLoopDelayP99Ms.median)} / ${ms(box.ours.eventLoopDelayMaxMs.median)}`,
  );
  row('Peak RSS during first sync', (box) => `${box.ours.peakRssMb.median.toFixed(0)} MB`);
  for (const [key, label] of [
    ['oneWord', 'Search: one word'],
    ['twoWords', 'Search: two words'],
    ['senderFilter', 'Search: from: sender'],
    ['prefixAsTyped', 'Search: prefixes as typed'],
    ['cjkInsideRun', 'Search: CJK word inside a run'],
    ['newest50', 'List: newest 50'],
    ['openMessage', 'Open a stored message'],
  ] as const) {
    row(
      `${label} (median / p95)`,
      (box) => `${ms(box.localLatency[key].medianMs)} / ${ms(box.localLatency[key].p95Ms)}`,
    );
  }
  const renderer = results.renderer;
  const extra = [
    `Memory: ${results.memory100k.description}: peak RSS ${results.memory100k.peakRssMb.toFixed(0)} MB`,
    `Renderer (Chromium): newest rows on screen ${s(renderer.newestOnScreenSeconds)} after signing in (${renderer.onScreenMessages} messages); ` +
      `${renderer.listMessages} messages in the list: first paint ${ms(renderer.firstListPaintMs)}, ` +
      `scroll frames median ${ms(renderer.frameMs.medianMs)} p95 ${ms(renderer.frameMs.p95Ms)} max ${ms(renderer.frameMs.maxMs)} ` +
      `(${renderer.frameMs.samples} frames), JS heap ${renderer.jsHeapUsedMb.toFixed(0)} MB`,
    `Opening public-corpus messages in the UI (Down key to text on screen): median ${ms(renderer.opening.latency.medianMs)}, ` +
      `p95 ${ms(renderer.opening.latency.p95Ms)}, max ${ms(renderer.opening.latency.maxMs)} (${renderer.opening.opened} opened, ` +
      `${renderer.opening.withoutText} without text); slowest: ` +
      renderer.opening.slowest
        .map((each) => `${ms(each.ms)} ${each.file} (${(each.bytes / 1024).toFixed(0)} KB, ${each.kind})`)
        .join('; '),
  ];
  const targets = results.targets.map(
    (target) => `- [${target.met ? 'met' : 'NOT met'}] ${target.name}: ${target.figure}`,
  );
  return [...lines, '', ...extra, '', 'Targets:', ...targets].join('\n');
}
