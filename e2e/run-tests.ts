import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureNativeAbi } from '../app/native-abi';

// `npm test`: build, lint, typecheck, unit and stack tests (vitest), end-to-end tests
// (Playwright). Every step prints its own output; the last line sums them all up in the form CI
// reads: "N passed, M failed, K skipped", where build, lint and typecheck count as one check each.

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  process.stdout.write(`\n> ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', (error) => {
      process.stdout.write(`${command} could not start: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function check(name: string, command: string, args: string[]): Promise<void> {
  const code = await run(command, args);
  if (code === 0) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

async function vitest(reportDir: string): Promise<void> {
  const report = path.join(reportDir, 'vitest.json');
  const code = await run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  const json = (await readJson(report)) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  } | null;
  if (!json) {
    tally.failed += 1;
    failures.push('vitest (no report)');
    return;
  }
  tally.passed += json.numPassedTests;
  tally.failed += json.numFailedTests;
  tally.skipped += json.numPendingTests + json.numTodoTests;
  if (json.numFailedTests > 0) failures.push('vitest');
  else if (code !== 0) {
    tally.failed += 1;
    failures.push('vitest (exited with an error outside any test)');
  }
}

async function playwright(reportDir: string): Promise<void> {
  const report = path.join(reportDir, 'playwright.json');
  const code = await run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  const json = (await readJson(report)) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  } | null;
  if (!json) {
    tally.failed += 1;
    failures.push('playwright (no report)');
    return;
  }
  tally.passed += json.stats.expected;
  tally.failed += json.stats.unexpected + json.stats.flaky;
  tally.skipped += json.stats.skipped;
  if (json.stats.unexpected + json.stats.flaky > 0) failures.push('playwright');
  else if (code !== 0) {
    tally.failed += 1;
    failures.push('playwright (exited with an error outside any test)');
  }
}

// The tests run under plain Node; after `npm start` the native modules may be Electron's.
ensureNativeAbi('node');

const reportDir = await mkdtemp(path.join(os.tmpdir(), 'harbor-test-reports-'));
try {
  await check('build', 'npm', ['run', '--silent', 'build']);
  await check('lint', 'npm', ['run', '--silent', 'lint']);
  await check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  await vitest(reportDir);
  await playwright(reportDir);
} finally {
  await rm(reportDir, { recursive: true, force: true });
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped\n`);
process.exit(tally.failed > 0 ? 1 : 0);
