// Fill a Maildir folder with generated mail for benchmarks:
//   npx tsx e2e/stack/generate-mailbox.ts --maildir PATH --count 50000 --seed 1 --owner alice@harbor.test [--folder INBOX]
// PATH is the user's Maildir root (e.g. <stack dir>/mail/alice@harbor.test/Maildir); the folder must be empty.
import { parseArgs } from 'node:util';
import { writeLargeMailbox } from './maildir-writer';

const USAGE =
  'usage: npx tsx e2e/stack/generate-mailbox.ts --maildir PATH --owner EMAIL [--count 50000] [--seed 1] [--folder INBOX]';

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a whole number, got ${value}\n${USAGE}`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      maildir: { type: 'string' },
      owner: { type: 'string' },
      count: { type: 'string', default: '50000' },
      seed: { type: 'string', default: '1' },
      folder: { type: 'string', default: 'INBOX' },
    },
  });
  if (!values.maildir || !values.owner) throw new Error(USAGE);
  const localPart = values.owner.split('@')[0] ?? values.owner;
  const result = await writeLargeMailbox({
    maildir: values.maildir,
    count: positiveInteger('count', values.count),
    seed: positiveInteger('seed', values.seed),
    owner: { email: values.owner, name: localPart.charAt(0).toUpperCase() + localPart.slice(1), password: '' },
    folder: values.folder,
  });
  console.log(
    `wrote ${result.count} messages (${(result.bytes / 1e6).toFixed(0)} MB) to ${result.folderPath} ` +
      `in ${result.seconds.toFixed(1)} s: ${Math.round(result.messagesPerSecond)} messages/s`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
