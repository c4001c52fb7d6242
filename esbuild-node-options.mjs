import { readFileSync } from 'node:fs';

// The esbuild options of everything the app runs on Node (main process, worker threads), shared by
// esbuild.config.mjs and the bench's build so the bench times exactly what the app ships.
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning' };

// Runtime dependencies stay external so electron-builder ships them (native ones unpacked from
// asar). Modules written as ESM use import.meta.url (createRequire for native addons, worker
// entries); in a CommonJS bundle it has to come from the bundle's own file name.
export const nodeSide = {
  ...common,
  external: ['electron', ...Object.keys(pkg.dependencies)],
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

/** The worker threads, each bundled into `<dir>/<bundled name>` where main/workers/spawn-worker.ts looks. */
export function workerBuilds(dir) {
  return [
    { ...nodeSide, entryPoints: ['main/mail/engine/engine-worker.ts'], outfile: `${dir}/mail-engine-worker.cjs` },
    { ...nodeSide, entryPoints: ['main/mail/sync/parse-worker.ts'], outfile: `${dir}/parse-body-worker.cjs` },
    { ...nodeSide, entryPoints: ['main/mail/sync/header-fill-worker.ts'], outfile: `${dir}/header-fill-worker.cjs` },
  ];
}
