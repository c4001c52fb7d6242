// The parse pool's worker thread: parses message sources with mailparser off the sync thread.
import { parentPort } from 'node:worker_threads';
import { createRpcPeer } from '../../workers/worker-rpc';
import { parseBody } from './parse-body';

if (parentPort) createRpcPeer(parentPort, { parse: (source: Uint8Array) => parseBody(source) });
