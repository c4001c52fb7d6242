// The bench's own entries bundled with the app's Node options (esbuild-node-options.mjs), with the
// worker bundles next to them where spawn-worker looks, so the bench runs what the app ships
// instead of the TypeScript sources under tsx. Run from the repository's root.
import { build } from 'esbuild';
import { nodeSide, workerBuilds } from '../../esbuild-node-options.mjs';

const outDir = 'dist/bench';

await Promise.all(
  [
    { ...nodeSide, entryPoints: ['e2e/bench/engine-sync-child.ts'], outfile: `${outDir}/engine-sync-child.cjs` },
    { ...nodeSide, entryPoints: ['e2e/browser-host/cli.ts'], outfile: `${outDir}/browser-host.cjs` },
    ...workerBuilds(outDir),
  ].map((options) => build(options)),
);
