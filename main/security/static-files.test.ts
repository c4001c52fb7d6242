import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaticFile, resolveInside } from './static-files';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'static-'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html>');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('static files of the renderer', () => {
  it('serves index.html for the root', async () => {
    await expect(readStaticFile(root, '/')).resolves.toMatchObject({ contentType: 'text/html; charset=utf-8' });
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/a/%00.html', '/%E0%A4%A'])(
    'never resolves %s outside the folder',
    (pathname) => {
      expect(resolveInside(root, pathname)).toBeNull();
    },
  );

  it('does not serve files of unknown type', async () => {
    await writeFile(path.join(root, 'notes.txt'), 'x');
    await expect(readStaticFile(root, '/notes.txt')).resolves.toBeNull();
  });
});
