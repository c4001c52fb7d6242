// Development and tests only (tsx, vitest): Node 20 does not apply the parent's TypeScript loader
// to a worker, so the worker registers tsx itself before importing its TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
