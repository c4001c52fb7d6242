import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserCommandLauncher } from './browser-command-launcher';
import { createExternalOpener } from './external-opener';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} was never written`);
}

describe('the browser-host launcher', () => {
  it('hands the URL to $BROWSER as its only argument, without a shell', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'launcher-'));
    const out = path.join(dir, 'argv.txt');
    const script = path.join(dir, 'fake-browser.sh');
    await writeFile(
      script,
      `#!/bin/sh\nprintf '%s|' "$#" "$@" > '${out}.tmp'; echo >> '${out}.tmp'; mv '${out}.tmp' '${out}'\n`,
    );
    await chmod(script, 0o755);
    const url = 'https://example.com/a?b=1&c=$(touch /tmp/pwned);d';
    await createExternalOpener(browserCommandLauncher(script)).open(url);
    expect(await waitForFile(out)).toBe(`1|${new URL(url).href}|\n`);
  });

  it('prints the URL when no browser command is set', async () => {
    const lines: string[] = [];
    await createExternalOpener(browserCommandLauncher(undefined, (line) => lines.push(line))).open(
      'https://example.com/',
    );
    expect(lines).toEqual(['Open in your browser: https://example.com/']);
  });

  it('never launches a refused URL', async () => {
    const lines: string[] = [];
    const opener = createExternalOpener(browserCommandLauncher(undefined, (line) => lines.push(line)));
    await expect(opener.open('file:///etc/passwd')).rejects.toMatchObject({ code: 'FORBIDDEN_URL' });
    expect(lines).toEqual([]);
  });
});
