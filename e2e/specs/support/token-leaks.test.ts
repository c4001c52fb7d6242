import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokensLeftBehind } from './token-leaks';

describe('tokensLeftBehind', () => {
  it('finds a token in the config folder, in base64 inside a log, and in the host output, by name only', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'token-sweep-'));
    const configDir = path.join(root, 'app-config');
    await mkdir(path.join(root, 'dovecot'), { recursive: true });
    await mkdir(configDir);
    const [stored, logged, printed, absent] = [
      'tok-store-1234567890',
      'tok-log-abcdefghij',
      'tok-out-zyxwvutsrq',
      'tok-none-0000000000',
    ];
    await writeFile(path.join(configDir, 'harbor.db-wal'), `row ${stored} row`);
    const xoauth2 = Buffer.from(`user=a@b\u0001auth=Bearer ${logged}\u0001\u0001`).toString('base64');
    await writeFile(path.join(root, 'dovecot', 'dovecot.log'), `AUTHENTICATE XOAUTH2 ${xoauth2}\n`);
    await writeFile(path.join(root, 'dovecot', 'notes.txt'), absent);

    const leaks = await tokensLeftBehind({
      issuedTokens: [stored, logged, printed, absent],
      hostOutput: ['starting', `oops ${printed}`],
      configDir,
      stackDir: root,
    });

    expect(leaks.sort()).toEqual(
      [
        'browser host output holds token #2',
        'harbor.db-wal holds token #0',
        `${path.join('dovecot', 'dovecot.log')} holds token #1`,
      ].sort(),
    );
    expect(leaks.join(' ')).not.toMatch(/tok-/);
  });
});
