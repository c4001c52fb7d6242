// npm run bench [-- --quick]: the local mail stack, generated mailboxes, and our sync, search and
// renderer against a bare imapflow fetch (the ceiling) and mbsync (the peer). Figures are reported,
// never asserted: a table on the terminal and bench-results/bench-<date>.json. See docs/benchmarks.md.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { buildBenchBundles } from './bench-bundles';
import { openBenchMailbox } from './bench-mailbox';
import { formatTable, judgeTargets, machineFacts, ratiosOf, type BenchResults } from './bench-report';
import { runEngineSync } from './engine-sync-run';
import { measureMailbox, type MailboxFigures } from './measure-mailbox';
import { ensureMbsync } from './mbsync-peer';
import { measureRenderer, type RendererFigures } from './renderer-list';
import { addSyntheticInbox } from './synthetic-inbox';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    // A partial full run, e.g. `--sizes 10000 --repetitions 1`, when the whole one does not fit.
    sizes: { type: 'string' },
    repetitions: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const defaults = quick
  ? { sizes: [1_000], repetitions: 2, latencySamples: 100, listMessages: 10_000, scrollFrames: 60, openMessages: 100 }
  : {
      sizes: [10_000, 50_000],
      repetitions: 3,
      latencySamples: 400,
      listMessages: 100_000,
      scrollFrames: 240,
      openMessages: 600,
    };
const plan = {
  ...defaults,
  sizes: values.sizes ? values.sizes.split(',').map(Number) : defaults.sizes,
  repetitions: values.repetitions ? Number(values.repetitions) : defaults.repetitions,
};
// Three runs of the 50,000-message mailbox take the full run past 15 minutes on two cores (our full
// copy alone is about two minutes a run): it gets two unless --repetitions says otherwise.
const LARGE_MAILBOX = 50_000;
const repetitionsFor = (size: number) =>
  values.repetitions || size < LARGE_MAILBOX ? plan.repetitions : Math.min(plan.repetitions, 2);
const MEMORY_STORE_MESSAGES = 100_000;
const print = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => (performance.now() - since) / 1000;

async function main(): Promise<void> {
  const started = performance.now();
  const mbsyncVersion = await ensureMbsync(print);
  print('building the renderer (vite build), the engine and the browser host (esbuild, dist/bench)');
  await Promise.all([promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'error']), buildBenchBundles()]);
  const rendererDir = path.resolve('dist/renderer');

  const mailboxes: MailboxFigures[] = [];
  let renderer: RendererFigures | null = null;
  let memory100k: BenchResults['memory100k'] | null = null;
  for (const size of plan.sizes) {
    const largest = size === plan.sizes.at(-1);
    print(`mailbox of ${size} messages: generating`);
    const mailbox = await openBenchMailbox(size, { keyring: largest });
    try {
      print(`  ${mailbox.messages} messages, ${(mailbox.bytes / 1e6).toFixed(0)} MB`);
      const figures = await measureMailbox(mailbox, { ...plan, repetitions: repetitionsFor(size), print });
      mailboxes.push(figures);
      if (!largest) continue;

      print(`  memory: no-change resync on a store of ${MEMORY_STORE_MESSAGES} messages`);
      const synthetic = MEMORY_STORE_MESSAGES - mailbox.messages;
      addSyntheticInbox(figures.databaseFile, synthetic);
      const resync = await runEngineSync({
        databaseFile: figures.databaseFile,
        accountId: mailbox.accountId,
        email: mailbox.email,
        password: mailbox.password,
        imap: mailbox.imap,
        caPem: mailbox.stack.ca.caPem,
        messages: mailbox.messages,
      });
      memory100k = {
        description:
          `the app's main side (UI thread + engine worker, one process) starting on a store of ` +
          `${mailbox.messages} synced messages with bodies plus ${synthetic} synthetic headers of a ` +
          'second account, through a no-change resync',
        peakRssMb: resync.peakRssMb,
      };

      print(
        `  renderer in Chromium: sign-in to rows on screen, ${plan.listMessages} rows in the list, ` +
          `then opening up to ${plan.openMessages} messages of the public corpus`,
      );
      renderer = await measureRenderer(mailbox, { rendererDir, ...plan });
    } finally {
      await mailbox.close();
    }
  }
  if (!renderer || !memory100k) throw new Error('the largest mailbox was not measured');

  const largest = mailboxes.at(-1)!;
  const results: BenchResults = {
    date: new Date().toISOString(),
    quick,
    machine: machineFacts(),
    mbsyncVersion,
    mailboxes: mailboxes.map(({ databaseFile: _file, ...figures }) => ({ ...figures, ratios: ratiosOf(figures) })),
    memory100k,
    renderer,
    targets: judgeTargets(largest, renderer, memory100k.peakRssMb),
    totalSeconds: seconds(started),
  };
  await mkdir('bench-results', { recursive: true });
  const file = path.join('bench-results', `bench-${results.date.replaceAll(':', '-').slice(0, 19)}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  print('');
  print(formatTable(results));
  print(`\n${quick ? 'quick run' : 'full run'} in ${results.totalSeconds.toFixed(0)} s; results in ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
