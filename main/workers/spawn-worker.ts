import { Worker } from 'node:worker_threads';

/** A worker entry: its TypeScript source, and the file esbuild bundles it into next to main.cjs. */
export interface WorkerEntry {
  source: URL;
  bundled: string;
}

// In the app bundle import.meta.url is dist/app/main.cjs (see esbuild.config.mjs); under tsx and
// vitest it is this TypeScript file.
const bundled = import.meta.url.endsWith('.cjs');

/** Starts a worker thread on the entry; `data` reaches it as `workerData.data`. */
export function spawnWorker(entry: WorkerEntry, data: unknown): Worker {
  if (bundled) return new Worker(new URL(`./${entry.bundled}`, import.meta.url), { workerData: { data } });
  return new Worker(new URL('./ts-worker-bootstrap.mjs', import.meta.url), {
    workerData: { entry: entry.source.href, data },
  });
}
