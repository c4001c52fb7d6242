import { build } from 'esbuild';
import { common, nodeSide, workerBuilds } from './esbuild-node-options.mjs';

// Bundles the Electron main process, its worker threads (next to main.cjs) and the preload.
await Promise.all([
  build({ ...nodeSide, entryPoints: ['app/main.ts'], outfile: 'dist/app/main.cjs' }),
  ...workerBuilds('dist/app').map((options) => build(options)),
  // A sandboxed preload can require only electron; everything else is bundled in.
  build({ ...common, entryPoints: ['app/preload.ts'], outfile: 'dist/app/preload.cjs', external: ['electron'] }),
]);
