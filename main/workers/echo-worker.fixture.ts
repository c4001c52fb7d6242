import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

// Proves a worker entry can be TypeScript and load the native SQLite module.
const { answer } = new Database(':memory:').prepare('SELECT 6 * 7 AS answer').get() as { answer: number };
parentPort?.postMessage({ echoed: (workerData as { data: unknown }).data, sqlite: answer });
