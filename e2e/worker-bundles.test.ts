import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mailEngineEntry } from '../main/mail/engine/mail-engine-client';
import { headerFillWorkerEntry } from '../main/mail/sync/header-fill-thread';
import { parseWorkerEntry } from '../main/mail/sync/parse-pool';

// In the packaged app spawnWorker loads `<bundled>` next to main.cjs: a worker thread without its
// esbuild entry would only fail there, where no test runs.
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
type Build = { entryPoints: string[]; outfile: string };
const buildOptions = new URL('../esbuild-node-options.mjs', import.meta.url).href;

describe('worker thread bundles', () => {
  it('builds every worker entry into the file spawnWorker loads in the app', async () => {
    const { workerBuilds } = (await import(buildOptions)) as { workerBuilds: (dir: string) => Build[] };
    const builds = workerBuilds('dist/app').map((build) => ({
      source: build.entryPoints[0],
      outfile: build.outfile,
    }));
    for (const entry of [mailEngineEntry, parseWorkerEntry, headerFillWorkerEntry]) {
      const source = path.relative(repoRoot, fileURLToPath(entry.source)).split(path.sep).join('/');
      expect(builds).toContainEqual({ source, outfile: `dist/app/${entry.bundled}` });
    }
  });
});
