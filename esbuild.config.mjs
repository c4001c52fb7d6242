import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

// Bundles the Electron main process and the preload. Runtime dependencies stay external so
// electron-builder ships them (native ones unpacked from asar).
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning' };

// Modules written as ESM use import.meta.url (createRequire for native addons, worker entries); in a
// CommonJS bundle it has to come from the bundle's own file name.
const nodeSide = {
  ...common,
  external: ['electron', ...Object.keys(pkg.dependencies)],
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

await Promise.all([
  build({ ...nodeSide, entryPoints: ['app/main.ts'], outfile: 'dist/app/main.cjs' }),
  // Worker threads, next to main.cjs where main/workers/spawn-worker.ts looks for them.
  build({
    ...nodeSide,
    entryPoints: ['main/mail/engine/engine-worker.ts'],
    outfile: 'dist/app/mail-engine-worker.cjs',
  }),
  build({ ...nodeSide, entryPoints: ['main/mail/sync/parse-worker.ts'], outfile: 'dist/app/parse-body-worker.cjs' }),
  // A sandboxed preload can require only electron; everything else is bundled in.
  build({ ...common, entryPoints: ['app/preload.ts'], outfile: 'dist/app/preload.cjs', external: ['electron'] }),
]);
