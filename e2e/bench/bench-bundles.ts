import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The bench runs the engine and the browser host as esbuild bundles, as the app ships them: under
// tsx every worker thread would boot its own loader and transpile the sources first.
const repoRoot = new URL('../../', import.meta.url);
const bundleDir = new URL('dist/bench/', repoRoot);

export const benchBundles = {
  engineSyncChild: fileURLToPath(new URL('engine-sync-child.cjs', bundleDir)),
  browserHost: fileURLToPath(new URL('browser-host.cjs', bundleDir)),
};

/** Builds dist/bench (see build-bench-bundles.mjs); run once before anything uses benchBundles. */
export async function buildBenchBundles(): Promise<void> {
  await promisify(execFile)(process.execPath, [fileURLToPath(new URL('./build-bench-bundles.mjs', import.meta.url))], {
    cwd: fileURLToPath(repoRoot),
  });
}
