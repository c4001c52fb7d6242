import { open, stat } from 'node:fs/promises';

// What a sync costs the network: the bytes Dovecot sent in the sessions a run opened, read from
// its log, where imap-login writes a line per login and each session one at its end with out=;
// both name the session, so a session that began before the run is not counted.

const LOGIN = /imap-login: Info: Login: .*\bsession=<([^>]+)>/;
const ENDED = /imap\([^)]*\)<\d+><([^>]+)>:.*\bout=(\d+)/;
const SETTLE_MS = 5_000;

async function linesSince(file: string, offset: number): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8').split('\n');
  } finally {
    await handle.close();
  }
}

/** Runs `run`, then waits until every session it opened has ended, and sums what they were sent. */
export async function measureServerBytes<T>(
  logFile: string,
  run: () => Promise<T>,
): Promise<{ result: T; bytes: number; sessions: number }> {
  const offset = (await stat(logFile)).size;
  const result = await run();
  const settleBy = performance.now() + SETTLE_MS;
  for (;;) {
    const lines = await linesSince(logFile, offset);
    const opened = new Set(lines.map((line) => LOGIN.exec(line)?.[1]).filter((id) => id !== undefined));
    const sent = new Map<string, number>();
    for (const line of lines) {
      const ended = ENDED.exec(line);
      if (ended && opened.has(ended[1]!)) sent.set(ended[1]!, Number(ended[2]));
    }
    const unfinished = opened.size - sent.size;
    if (unfinished === 0) {
      return { result, bytes: [...sent.values()].reduce((sum, value) => sum + value, 0), sessions: opened.size };
    }
    if (performance.now() > settleBy) throw new Error(`${unfinished} IMAP sessions did not end after the run`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
