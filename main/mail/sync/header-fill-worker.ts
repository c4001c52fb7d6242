// The header fill's worker thread: its own IMAP session fetches and reads a folder's missing
// headers, so the engine thread, which owns the store's writer, only stores them.
import { parentPort } from 'node:worker_threads';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import { fillHeaders, type HeaderFillReport, type HeaderFillRequest } from './header-fill';

type EngineSide = { report: (part: HeaderFillReport & { fillId: number }) => void };

if (parentPort) {
  const engine: RpcPeer<EngineSide> = createRpcPeer<EngineSide>(parentPort, {
    fill: ({ fillId, ...request }: HeaderFillRequest & { fillId: number }): Promise<void> =>
      fillHeaders(request, (part) => engine.call('report', { ...part, fillId })),
  });
}
